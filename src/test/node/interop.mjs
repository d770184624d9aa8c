// Interop check: the official Node Socket.IO client against a running Switchboard with the chat demo.
//
//   node interop.mjs <baseUrl> <transportsJson> [--no-echo]
//   node interop.mjs http://localhost:8080/ '["polling","websocket"]'
//
// Prints one JSON line per check and a final summary line; exits 1 when a check fails. The "echo" check needs
// the test-only handler that ChatDemoIT deploys (it acks its arguments back); --no-echo leaves it out.
import { io } from 'socket.io-client';
import { randomBytes } from 'node:crypto';

const [baseUrl, transportsJson = '["polling","websocket"]', ...flags] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node interop.mjs <baseUrl> <transportsJson> [--no-echo]');
  process.exit(2);
}
const transports = JSON.parse(transportsJson);
const withEcho = !flags.includes('--no-echo');
const WAIT = 10_000;

const base = new URL(baseUrl);
const path = base.pathname.replace(/\/?$/, '/') + 'socket.io/';
const token = randomBytes(6).toString('hex'); // keeps this run's messages apart from anyone else's
const results = [];
setTimeout(() => {
  console.log(JSON.stringify({ summary: true, transports, error: 'gave up after 120 s', passed: 0, failed: 1 }));
  process.exit(1);
}, 120_000).unref();

function connect() {
  const socket = io(base.origin, { path, transports, forceNew: true, reconnection: false, timeout: WAIT });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new Error('connect_error: ' + err.message));
    });
  });
}

/** The arguments of the next `event` on `socket` that `accept` takes, within `ms`. */
function next(socket, event, accept = () => true, ms = WAIT) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within ${ms} ms`));
    }, ms);
    function listener(...args) {
      if (!accept(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(args);
    }
    socket.on(event, listener);
  });
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const show = (value) => JSON.stringify(value, (k, v) => (v && v.type === 'Buffer' ? `<${v.data.length} bytes>` : v));

async function check(name, body) {
  const started = Date.now();
  try {
    const detail = await body();
    results.push({ check: name, ok: true });
    console.log(JSON.stringify({ check: name, ok: true, ms: Date.now() - started, detail }));
  } catch (err) {
    results.push({ check: name, ok: false });
    console.log(JSON.stringify({ check: name, ok: false, ms: Date.now() - started, error: String(err?.message ?? err) }));
  }
}

let alice;
let bob;
const room = 'interop-' + token;

await check('connect', async () => {
  alice = await connect();
  bob = await connect();
  expect(typeof alice.id === 'string' && alice.id.length > 0, 'socket.id is not set: ' + alice.id);
  expect(alice.id !== bob.id, 'two sockets share the id ' + alice.id);
  return { alice: alice.id, bob: bob.id, transport: alice.io.engine.transport.name };
});

await check('transport', async () => {
  const engine = alice.io.engine;
  if (transports.length > 1 && transports.includes('websocket')) {
    if (engine.transport.name !== 'websocket') await next(engine, 'upgrade');
  }
  const expected = transports.includes('websocket') ? 'websocket' : 'polling';
  expect(engine.transport.name === expected, `transport is ${engine.transport.name}, expected ${expected}`);
  return { transport: engine.transport.name };
});

await check('chat string comes back to everyone', async () => {
  const text = 'plain string ' + token;
  const back = next(alice, 'chat', (first) => first === text);
  const other = next(bob, 'chat', (first) => first === text);
  alice.emit('chat', text);
  const [mine, theirs] = await Promise.all([back, other]);
  expect(mine.length === 1 && theirs.length === 1, 'expected exactly one argument: ' + show(mine));
  return { received: theirs[0] };
});

await check('chat object comes back untouched', async () => {
  const message = { nick: 'alice', text: 'hello ' + token, at: 1700000000000, extra: [1, 2.5, true, null, { x: 'y' }] };
  const back = next(bob, 'chat', (first) => first && first.text === message.text);
  alice.emit('chat', message);
  const [received] = await back;
  expect(JSON.stringify(received) === JSON.stringify(message), 'changed on the way: ' + show(received));
  return { received };
});

await check('chat binary round trip', async () => {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const label = 'binary ' + token;
  const back = next(bob, 'chat', (first) => first === label);
  alice.emit('chat', label, bytes);
  const [, received] = await back;
  expect(Buffer.isBuffer(received), 'second argument is not binary: ' + show(received));
  expect(received.equals(bytes), 'bytes differ: ' + show(received));
  return { bytes: received.length };
});

await check('room:join acks the member list', async () => {
  await alice.timeout(WAIT).emitWithAck('nick', 'alice-' + token);
  const reply = await alice.timeout(WAIT).emitWithAck('room:join', room);
  expect(reply && reply.room === room, 'unexpected ack: ' + show(reply));
  expect(Array.isArray(reply.members) && reply.members.some((m) => m.id === alice.id && m.nick === 'alice-' + token),
    'the joiner is not in the member list: ' + show(reply));
  expect(Array.isArray(reply.rooms) && reply.rooms.includes(room), 'the room is not in the joiner\'s rooms: ' + show(reply));
  return { reply };
});

await check('room:members announces a new member', async () => {
  const presence = next(alice, 'room:members', (p) => p.room === room && p.members.some((m) => m.id === bob.id));
  const reply = await bob.timeout(WAIT).emitWithAck('room:join', room);
  expect(reply.members.length === 2, 'expected two members: ' + show(reply));
  const [update] = await presence;
  return { members: update.members };
});

await check('room:message reaches the room', async () => {
  const text = 'in the room ' + token;
  const delivered = next(bob, 'room:message', (m) => m.room === room && m.text === text);
  const ack = await alice.timeout(WAIT).emitWithAck('room:message', { room, text });
  expect(!ack.error, 'refused: ' + show(ack));
  const [message] = await delivered;
  expect(message.id === alice.id && message.nick === 'alice-' + token && typeof message.at === 'number',
    'unexpected message: ' + show(message));
  return { message };
});

await check('room:message outside the room is refused', async () => {
  const ack = await alice.timeout(WAIT).emitWithAck('room:message', { room: 'not-joined-' + token, text: 'x' });
  expect(ack && typeof ack.error === 'string', 'expected an error ack: ' + show(ack));
  return { ack };
});

if (withEcho) {
  await check('echo acks binary back', async () => {
    const bytes = randomBytes(1024);
    const [label, back] = await new Promise((resolve, reject) => {
      alice.timeout(WAIT).emit('echo', 'echo ' + token, bytes, (err, ...args) => (err ? reject(err) : resolve(args)));
    });
    expect(label === 'echo ' + token, 'first ack argument: ' + show(label));
    expect(Buffer.isBuffer(back) && back.equals(bytes), 'binary ack argument differs: ' + show(back));
    return { bytes: back.length };
  });
}

await check('room:leave updates the room', async () => {
  const presence = next(alice, 'room:members', (p) => p.room === room && !p.members.some((m) => m.id === bob.id));
  const reply = await bob.timeout(WAIT).emitWithAck('room:leave', room);
  expect(!reply.rooms.includes(room), 'still in the room: ' + show(reply));
  await presence;
  await bob.timeout(WAIT).emitWithAck('room:join', room);
  return { rooms: reply.rooms };
});

await check('disconnecting member leaves the room list', async () => {
  const bobId = bob.id;
  const presence = next(alice, 'room:members', (p) => p.room === room && !p.members.some((m) => m.id === bobId));
  bob.disconnect();
  const [update] = await presence;
  return { members: update.members };
});

await check('disconnect reason', async () => {
  const reason = new Promise((resolve) => alice.once('disconnect', resolve));
  alice.disconnect();
  const got = await reason;
  expect(got === 'io client disconnect', 'reason: ' + got);
  return { reason: got };
});

const failed = results.filter((r) => !r.ok).length;
console.log(JSON.stringify({ summary: true, transports, passed: results.length - failed, failed }));
alice?.close();
bob?.close();
process.exit(failed === 0 ? 0 : 1);
