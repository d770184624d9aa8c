package dev.switchboard.socketio;

import dev.switchboard.auth.Identity;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A socket as {@code fetchSockets()} reports it, on this node or another: id, rooms, handshake and data, when it
 * connected and who it is.
 *
 * @param node        the id of the node the socket is connected to (the cluster uid, as in the cluster view)
 * @param data        a copy of the socket's {@code data()}; for a socket on another node, its values as they
 *                    crossed in JSON: String, Long or Double, Boolean, List and Map
 * @param connectedAt when the socket connected to its namespace ({@code null} for a socket on a Node.js node)
 * @param identity    the verified caller, or {@code null} (anonymous, or on a Node.js node); for a socket on
 *                    another Switchboard node, without its {@code claims} (only the standard fields travel)
 */
public record SocketDetails(String id, String namespace, Set<String> rooms, SocketHandshake handshake,
                            String transport, String node, Map<String, Object> data, Instant connectedAt,
                            Identity identity) {

    public SocketDetails {
        rooms = Set.copyOf(rooms);
        data = Map.copyOf(data);
    }

    /** Without connection time and identity (what a Node.js node reports). */
    public SocketDetails(String id, String namespace, Set<String> rooms, SocketHandshake handshake,
                         String transport, String node, Map<String, Object> data) {
        this(id, namespace, rooms, handshake, transport, node, data, null, null);
    }
}
