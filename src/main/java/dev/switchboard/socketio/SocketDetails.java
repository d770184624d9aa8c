package dev.switchboard.socketio;

import java.util.Map;
import java.util.Set;

/**
 * A socket as {@code fetchSockets()} reports it, on this node or another: id, rooms, handshake and data.
 *
 * @param node an identifier of the node the socket is connected to
 * @param data a copy of the socket's {@code data()}; for a socket on another node, its values as they crossed in
 *             JSON: String, Long or Double, Boolean, List and Map
 */
public record SocketDetails(String id, String namespace, Set<String> rooms, SocketHandshake handshake,
                            String transport, String node, Map<String, Object> data) {

    public SocketDetails {
        rooms = Set.copyOf(rooms);
        data = Map.copyOf(data);
    }
}
