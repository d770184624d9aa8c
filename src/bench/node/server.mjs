// The Node.js reference server of the bench: the official Socket.IO server re-broadcasting `chat` to everyone with
// io.emit, alone or (with a Redis URL) as a node of a cluster through @socket.io/redis-adapter and ioredis.
//
//   node server.mjs <port> [redisUrl]
//
// Prints "listening" once it accepts clients (and its Redis connections are ready); ends on SIGTERM.
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

const [port, redisUrl] = process.argv.slice(2);
if (!port) {
  console.error('usage: node server.mjs <port> [redisUrl]');
  process.exit(2);
}

const options = { transports: ['websocket', 'polling'], cors: { origin: '*' } };
if (redisUrl) {
  const pub = new Redis(redisUrl);
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err) => console.error(`redis: ${err.message}`));
  await Promise.all([pub, sub].map((c) => (c.status === 'ready' ? null : new Promise((ok) => c.once('ready', ok)))));
  options.adapter = createAdapter(pub, sub);
}
const io = new Server(options);
io.on('connection', (socket) => {
  socket.on('chat', (...args) => io.emit('chat', ...args));
});
io.listen(Number(port));
console.log('listening');
process.on('SIGTERM', () => process.exit(0));
