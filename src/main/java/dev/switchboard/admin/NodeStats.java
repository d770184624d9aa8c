package dev.switchboard.admin;

import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.engineio.EngineCounters;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.TransportKind;
import dev.switchboard.socketio.SocketCounters;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** This node's figures ({@link #snapshot()}): connections, sockets and rooms read live, plus its counters. */
@ApplicationScoped
public class NodeStats {

    @Inject
    private EngineServer engine;

    @Inject
    private SocketIoServer io;

    @Inject
    private RedisCluster cluster;

    private final Instant startedAt = Instant.now();

    /** This node's id: the same on the wire, in {@code SocketDetails.node()} and in {@link NodeSnapshot#node()}. */
    public String nodeId() {
        return cluster.uid();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public NodeSnapshot snapshot() {
        Map<String, Integer> connections = new TreeMap<>();
        for (TransportKind kind : TransportKind.values()) {
            long n = engine.sessionsOn(kind);
            if (n > 0) {
                connections.put(kind.wireName(), (int) n);
            }
        }
        Map<String, Integer> sockets = new TreeMap<>();
        Map<String, Map<String, Integer>> rooms = new TreeMap<>();
        for (SocketIoNamespace namespace : io.namespaces()) {
            Set<String> socketIds = namespace.sockets().stream().map(SocketIoSocket::id).collect(Collectors.toSet());
            sockets.put(namespace.name(), socketIds.size());
            Map<String, Integer> named = new HashMap<>(namespace.roomSizes());
            named.keySet().removeAll(socketIds);
            rooms.put(namespace.name(), named);
        }
        return new NodeSnapshot(nodeId(), startedAt, Instant.now(), connections, sockets, rooms, counters());
    }

    /** Totals since start, read from the engine's and every namespace's counters. */
    protected NodeSnapshot.Counters counters() {
        EngineCounters e = engine.counters();
        long eventsIn = 0;
        long eventsOut = 0;
        long deliveries = 0;
        for (SocketIoNamespace namespace : io.namespaces()) {
            SocketCounters c = namespace.counters();
            eventsIn += c.eventsIn();
            eventsOut += c.eventsOut();
            deliveries += c.deliveries();
        }
        return new NodeSnapshot.Counters(e.handshakes(), e.upgrades(), eventsIn, eventsOut, deliveries, e.bytesIn(),
                e.bytesOut());
    }
}
