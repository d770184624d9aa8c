package dev.switchboard.admin;

import dev.switchboard.engineio.EngineServer;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoSocket;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dashboard's live feed: while at least one admin is connected to this node, it sends {@value #EVENT} (the
 * cluster as {@link ClusterView} knows it) to this node's own admins about once a second, as a local broadcast
 * (nothing crosses to other nodes); with the last admin gone, the timer stops. Runs on the engine's timer thread.
 */
@ApplicationScoped
public class AdminFeed {

    /** The event the admins get. */
    public static final String EVENT = "cluster";
    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(AdminFeed.class.getName());

    @Inject
    private ClusterView cluster;

    @Inject
    private NodeStats stats;

    @Inject
    private SocketIoServer io;

    @Inject
    private EngineServer engine;

    private ScheduledFuture<?> timer;

    /** An admin connected: it gets the picture at once, and the timer runs while anyone watches. */
    public void adminJoined(SocketIoSocket socket) {
        synchronized (this) {
            if (timer == null) {
                timer = engine.schedule(this::tick, PERIOD.toMillis());
            }
        }
        socket.emit(EVENT, picture());
    }

    /** An admin left; when no other admin of this node remains, the timer stops. */
    public synchronized void adminLeft(SocketIoSocket socket) {
        if (!watched(socket) && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** True while the timer runs (nobody watching costs nothing). */
    public synchronized boolean running() {
        return timer != null;
    }

    /** Whether an admin other than {@code leaving} is connected to this node. */
    private boolean watched(SocketIoSocket leaving) {
        return io.of(AdminHandlers.NAMESPACE).sockets().stream().anyMatch(s -> s != leaving && s.connected());
    }

    private void tick() {
        synchronized (this) {
            if (timer == null) {
                return;
            }
            if (!watched(null)) {
                timer = null;
                return;
            }
            timer = engine.schedule(this::tick, PERIOD.toMillis());
        }
        try {
            io.of(AdminHandlers.NAMESPACE).local().emit(EVENT, picture());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not send the cluster view to the admins", e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** {@code {self, at, nodes: [...]}}: every known node, this one first. */
    JsonObject picture() {
        JsonArrayBuilder nodes = JsonBuilders.array();
        for (NodeSnapshot snapshot : cluster.nodes()) {
            nodes.add(toJson(snapshot));
        }
        return JsonBuilders.object()
                .add("self", stats.nodeId())
                .add("at", System.currentTimeMillis())
                .add("nodes", nodes)
                .build();
    }

    /** One node: id, start, uptime, connections by transport, sockets by namespace, rooms and counters. */
    static JsonObject toJson(NodeSnapshot s) {
        JsonObjectBuilder rooms = JsonBuilders.object();
        s.rooms().forEach((namespace, sizes) -> rooms.add(namespace, counts(sizes)));
        NodeSnapshot.Counters c = s.counters();
        return JsonBuilders.object()
                .add("node", s.node())
                .add("startedAt", s.startedAt().toEpochMilli())
                .add("takenAt", s.takenAt().toEpochMilli())
                .add("uptimeMs", Math.max(0, s.takenAt().toEpochMilli() - s.startedAt().toEpochMilli()))
                .add("connections", counts(s.connections()))
                .add("sockets", counts(s.sockets()))
                .add("rooms", rooms)
                .add("counters", JsonBuilders.object()
                        .add("handshakes", c.handshakes())
                        .add("upgrades", c.upgrades())
                        .add("eventsIn", c.eventsIn())
                        .add("eventsOut", c.eventsOut())
                        .add("deliveries", c.deliveries())
                        .add("bytesIn", c.bytesIn())
                        .add("bytesOut", c.bytesOut()))
                .build();
    }

    private static JsonObjectBuilder counts(Map<String, Integer> counts) {
        JsonObjectBuilder out = JsonBuilders.object();
        new TreeMap<>(counts).forEach(out::add);
        return out;
    }
}
