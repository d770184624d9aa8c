// The bench's raw yardstick: the least a server can do for the fan-out scenario. It answers the Engine.IO open and
// the Socket.IO CONNECT, answers nothing else, and re-sends every `42…` frame it receives verbatim to every client,
// turned into bytes once. No parser, no rooms, no acknowledgements, no heartbeat: only `ws`.
//
// With a Redis URL it is one node of a cluster, for scenario (b): every `42…` frame also goes, as is, to one Redis
// channel behind this node's tag, and what the other nodes put there goes verbatim to this node's clients (its own
// frames coming back are skipped by the tag). That is the least a cluster can do: one PUBLISH per frame, no
// envelope to decode, no rooms.
//
//   node yardstick.mjs <port> [redisUrl]
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';

const [port, redisUrl] = process.argv.slice(2);
if (!port) {
  console.error('usage: node yardstick.mjs <port> [redisUrl]');
  process.exit(2);
}

const CHANNEL = 'yardstick';
const tag = randomBytes(4); // this node's tag in front of each frame it publishes
let publish = () => {};

let next = 0;
const wss = new WebSocketServer({ port: Number(port), path: '/socket.io/', perMessageDeflate: false });
const sendToAll = (data) => {
  for (const client of wss.clients) client.send(data, { binary: false });
};
wss.on('connection', (ws) => {
  const sid = `y${(next++).toString(36)}`;
  ws.send(`0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`);
  ws.on('message', (data, isBinary) => {
    if (isBinary || data.length < 2) return;
    if (data[0] === 0x34 && data[1] === 0x32) { // "42": an event, sent on as is
      publish(data);
      sendToAll(data);
    } else if (data[0] === 0x34 && data[1] === 0x30) { // "40": CONNECT to "/"
      ws.send(`40{"sid":"${sid}"}`);
    }
  });
});

if (redisUrl) {
  const { Redis } = await import('ioredis');
  const pub = new Redis(redisUrl);
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err) => console.error(`redis: ${err.message}`));
  await sub.subscribe(CHANNEL);
  sub.on('messageBuffer', (channel, message) => {
    if (message.length > tag.length && !message.subarray(0, tag.length).equals(tag)) {
      sendToAll(message.subarray(tag.length));
    }
  });
  await (pub.status === 'ready' ? null : new Promise((ok) => pub.once('ready', ok)));
  publish = (data) => pub.publish(CHANNEL, Buffer.concat([tag, data]));
}
if (wss.address()) {
  console.log('listening');
} else {
  wss.on('listening', () => console.log('listening'));
}
process.on('SIGTERM', () => process.exit(0));
