// The bench's raw yardstick: the least a server can do for the fan-out scenario. It answers the Engine.IO open and
// the Socket.IO CONNECT, answers nothing else, and re-sends every `42…` frame it receives verbatim to every client,
// turned into bytes once. No parser, no rooms, no acknowledgements, no heartbeat: only `ws`.
//
//   node yardstick.mjs <port>
import { WebSocketServer } from 'ws';

const [port] = process.argv.slice(2);
if (!port) {
  console.error('usage: node yardstick.mjs <port>');
  process.exit(2);
}

let next = 0;
const wss = new WebSocketServer({ port: Number(port), path: '/socket.io/', perMessageDeflate: false });
wss.on('connection', (ws) => {
  const sid = `y${(next++).toString(36)}`;
  ws.send(`0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`);
  ws.on('message', (data, isBinary) => {
    if (isBinary || data.length < 2) return;
    if (data[0] === 0x34 && data[1] === 0x32) { // "42": an event, sent on as is
      for (const client of wss.clients) client.send(data, { binary: false });
    } else if (data[0] === 0x34 && data[1] === 0x30) { // "40": CONNECT to "/"
      ws.send(`40{"sid":"${sid}"}`);
    }
  });
});
wss.on('listening', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
