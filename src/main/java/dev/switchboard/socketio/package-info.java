/**
 * The Socket.IO v5 server: namespaces, sockets, rooms, acks, the broadcast operator, middleware, disconnect
 * reasons, the annotated-handler API and the injectable {@link dev.switchboard.socketio.SocketIoServer}.
 * Sits on {@code dev.switchboard.engineio} through its listener; never touches a transport.
 */
package dev.switchboard.socketio;
