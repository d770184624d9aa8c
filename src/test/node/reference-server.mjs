// The Node reference node of a mixed cluster: the official Socket.IO server with @socket.io/redis-adapter, the
// events MixedClusterIT drives (the same ones ClusterTestHandlers and the chat demo give a Switchboard node).
//
//   node reference-server.mjs <port> <redisUrl>
//
// Prints "listening" once it accepts clients and its Redis connections are ready; ends on SIGTERM or SIGINT.
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

const [port, redisUrl] = process.argv.slice(2);
if (!port || !redisUrl) {
  console.error('usage: node reference-server.mjs <port> <redisUrl>');
  process.exit(2);
}

const pub = new Redis(redisUrl);
const sub = pub.duplicate();
for (const [name, client] of [['pub', pub], ['sub', sub]]) {
  client.on('error', (err) => console.error(`redis ${name}: ${err.message}`));
}
await Promise.all([pub, sub].map((c) => (c.status === 'ready' ? null : new Promise((ok) => c.once('ready', ok)))));

const io = new Server({ adapter: createAdapter(pub, sub) });
io.on('connection', (socket) => {
  socket.on('chat', (...args) => io.emit('chat', ...args));
  socket.on('join', (room, ack) => {
    socket.join(room);
    ack?.([...socket.rooms]);
  });
  socket.on('to-room', (room, msg) => io.to(room).emit('room-msg', msg));
  socket.on('fetch', async (room, ack) => {
    try {
      const sockets = await (room ? io.in(room) : io).fetchSockets();
      ack?.({ ok: true, sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms] })) });
    } catch (err) {
      ack?.({ ok: false, error: err.message });
    }
  });
});
io.listen(Number(port));
console.log('listening');

const stop = () => io.close(() => {
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
