package dev.switchboard.admin;

import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.engineio.EngineServer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node of the cluster as last heard from; on a single node, this node alone. With Redis, each node publishes
 * its {@link NodeStats#snapshot()} every {@link #INTERVAL_MS} on {@code <key>#switchboard#nodes} (a channel no
 * Node.js adapter listens to) and keeps the others' latest; a node silent for {@link #EXPIRY_MS}, or that announced
 * its shutdown, drops out. Snapshots carry each namespace's {@link NodeSnapshotCodec#MAX_ROOMS} largest rooms.
 */
@ApplicationScoped
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class.getName());
    /** How often a node publishes its snapshot. */
    public static final long INTERVAL_MS = 1_000;
    /** A node not heard from for this long (about three intervals) is gone. */
    public static final long EXPIRY_MS = 3_500;

    @Inject
    private NodeStats stats;

    @Inject
    private RedisCluster cluster;

    @Inject
    private EngineServer engine;

    private NodeDirectory directory;
    private String channel;
    private volatile boolean running;
    private volatile ScheduledFuture<?> timer;

    /** Starts publishing at deployment, so the other nodes see this one before its first client. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object ready) {
        if (!cluster.enabled() || running) {
            return;
        }
        directory = new NodeDirectory(stats.nodeId(), EXPIRY_MS);
        channel = cluster.ownChannel("nodes");
        cluster.listen(channel, bytes -> directory.accept(NodeSnapshotCodec.decode(bytes), System.currentTimeMillis()));
        running = true;
        tick();
    }

    private void tick() {
        if (!running) {
            return;
        }
        try {
            if (cluster.state() == RedisCluster.State.CONNECTED) {
                cluster.publishOwn(channel, NodeSnapshotCodec.encode(stats.snapshot(), NodeSnapshotCodec.MAX_ROOMS));
            } else {
                directory.clear(); // cut off: the others' figures would only go stale
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not publish this node's snapshot", e);
        }
        timer = engine.schedule(this::tick, INTERVAL_MS);
    }

    /** Tells the other nodes this one is leaving (best effort: the message may not make it before Redis closes). */
    @PreDestroy
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        cluster.unlisten(channel);
        cluster.publishOwn(channel, NodeSnapshotCodec.encodeBye(stats.nodeId()));
    }

    /**
     * The known nodes' latest snapshots, this node's own first and fresh, then the others by id. A node cut off
     * from Redis lists itself alone: it cannot tell which of the others are still there.
     */
    public List<NodeSnapshot> nodes() {
        List<NodeSnapshot> out = new ArrayList<>();
        out.add(stats.snapshot());
        if (running && cluster.state() == RedisCluster.State.CONNECTED) {
            out.addAll(directory.live(System.currentTimeMillis()));
        }
        return out;
    }
}
