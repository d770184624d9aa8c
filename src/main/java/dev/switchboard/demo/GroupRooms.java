package dev.switchboard.demo;

import dev.switchboard.socketio.RoomPolicy;
import dev.switchboard.socketio.SocketIoSocket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The demo's room join policy: in {@code /secure}, room {@code group:<name>} is only for sockets whose token lists
 * {@code <name>} in its groups. Other namespaces and rooms are not its business.
 */
@ApplicationScoped
public class GroupRooms implements RoomPolicy {

    @Override
    public boolean mayJoin(SocketIoSocket socket, String room) {
        if (!SecureDemoHandlers.NAMESPACE.equals(socket.namespace().name()) || !room.startsWith(SecureDemoHandlers.GROUP)) {
            return true;
        }
        String group = room.substring(SecureDemoHandlers.GROUP.length());
        return socket.identity().map(identity -> identity.hasRole(group)).orElse(false);
    }
}
