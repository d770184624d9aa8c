package dev.switchboard.admin;

import java.time.Instant;
import java.util.Map;

/**
 * One node's figures at one moment: what every node shares with the others for the cluster view (REST
 * {@code /api/nodes}, the admin dashboard). Counters are totals since the node started; rates come from the
 * difference between two snapshots.
 *
 * @param node        the node's id (its cluster uid, the {@code node} of {@code SocketDetails})
 * @param startedAt   when this node's Socket.IO server started
 * @param takenAt     when these figures were read
 * @param connections open Engine.IO connections by transport wire name ({@code websocket}, {@code polling})
 * @param sockets     connected sockets by namespace
 * @param rooms       by namespace: each room's members on this node (rooms named after a socket id left out)
 * @param counters    totals since start
 */
public record NodeSnapshot(String node, Instant startedAt, Instant takenAt, Map<String, Integer> connections,
                           Map<String, Integer> sockets, Map<String, Map<String, Integer>> rooms,
                           Counters counters) {

    public NodeSnapshot {
        connections = Map.copyOf(connections);
        sockets = Map.copyOf(sockets);
        rooms = Map.copyOf(rooms);
    }

    /** Totals since the node started. */
    public record Counters(long handshakes, long upgrades, long eventsIn, long eventsOut, long deliveries,
                           long bytesIn, long bytesOut) {

        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0);
    }

    /** All open connections of this node. */
    public int connectionCount() {
        return connections.values().stream().mapToInt(Integer::intValue).sum();
    }
}
