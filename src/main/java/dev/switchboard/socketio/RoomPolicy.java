package dev.switchboard.socketio;

/**
 * Decides whether a socket may be in a room, for every join: {@code socket.join(...)} in handlers and
 * {@code socketsJoin} from any node. Implement it as a CDI bean (every bean found applies) or register one with
 * {@link SocketIoServer#addRoomPolicy}. A refused {@code socket.join} throws {@link RoomJoinDeniedException},
 * which an event handler turns into an error acknowledgement; {@code socketsJoin} skips refused sockets.
 * Policies run on the joining thread and must be quick (no I/O).
 */
@FunctionalInterface
public interface RoomPolicy {

    /** True when the socket may join the room. {@code socket.identity()} holds the verified caller, if any. */
    boolean mayJoin(SocketIoSocket socket, String room);
}
