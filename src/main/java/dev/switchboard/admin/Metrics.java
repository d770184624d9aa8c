package dev.switchboard.admin;

import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.cluster.redis.RedisCounters;
import dev.switchboard.engineio.EngineCloseReason;
import dev.switchboard.engineio.EngineCounters;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.TransportKind;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.SocketCounters;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The node's figures as MicroProfile Metrics in the application registry ({@code /metrics?scope=application} on
 * Payara; the README lists every name). Current values are gauges read at scrape time. Totals are counters: the
 * layers count with their own lock-free adders, and every {@value #SYNC_MILLIS} ms this bean brings each MP
 * counter up to its layer's total (MP Metrics 5 has no counter backed by a function), registering the metrics of
 * namespaces created since. Cluster request durations feed a timer as they complete.
 */
@ApplicationScoped
public class Metrics {

    static final String PREFIX = "switchboard_";
    static final long SYNC_MILLIS = 500;
    private static final Logger LOG = Logger.getLogger(Metrics.class.getName());

    @Inject
    private MetricRegistry registry;

    /** The container's scheduler, not the engine's timer: the engine's timer queue holds session timers only. */
    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private EngineServer engine;

    @Inject
    private SocketIoServer io;

    @Inject
    private RedisCluster cluster;

    /** An MP counter kept equal to a layer's total. */
    private record Synced(Counter counter, LongSupplier total) {
        void sync() {
            long behind = total.getAsLong() - counter.getCount();
            if (behind > 0) {
                counter.inc(behind);
            }
        }
    }

    private final List<Synced> synced = new CopyOnWriteArrayList<>();
    private final Set<String> namespacesRegistered = ConcurrentHashMap.newKeySet();
    private final Set<Metric> mine = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean running;
    private volatile ScheduledFuture<?> next;
    private Runnable stopObserving = () -> { };

    void start(@Observes @Initialized(ApplicationScoped.class) Object ready) {
        // a redeploy may find the previous deployment's metrics, bound to its (dead) objects: start clean
        registry.removeMatching((id, metric) -> id.getName().startsWith(PREFIX));
        registerNode();
        running = true;
        sync();
    }

    @PreDestroy
    void stop() {
        running = false;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
        stopObserving.run();
        try {
            // only this deployment's own metrics: a redeploy may have registered its own under the same names
            registry.removeMatching((id, metric) -> mine.contains(metric));
        } catch (RuntimeException e) {
            // the registry went away with the application
        }
    }

    /** Lower-case enum names are the tag values: {@code too_many_requests}, {@code slow_consumer}. */
    static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private void registerNode() {
        EngineCounters e = engine.counters();
        for (TransportKind kind : TransportKind.values()) {
            Tag transport = new Tag("transport", kind.wireName());
            gauge("connections", "Open Engine.IO connections by current transport",
                    () -> engine.sessionsOn(kind), transport);
            counter("engine_handshakes", "Engine.IO sessions opened, by first transport",
                    () -> e.handshakes(kind), transport);
        }
        counter("engine_upgrades", "Sessions upgraded from polling to WebSocket", e::upgrades);
        counter("engine_received_bytes", "Engine.IO payload bytes received (frames, polling bodies)", e::bytesIn);
        counter("engine_sent_bytes", "Engine.IO payload bytes sent (frames, polling bodies)", e::bytesOut);
        for (EngineError error : EngineError.values()) {
            counter("engine_rejected_requests", "Engine.IO requests and upgrades refused, by error",
                    () -> e.rejected(error), new Tag("cause", tag(error)));
        }
        for (EngineCloseReason reason : EngineCloseReason.values()) {
            counter("engine_closes", "Engine.IO sessions closed, by reason", () -> e.closed(reason),
                    new Tag("reason", tag(reason)));
        }
        counter("slow_consumer_disconnects", "Connections closed because their send queue filled up",
                () -> e.closed(EngineCloseReason.SLOW_CONSUMER));

        RedisCounters r = cluster.redisCounters();
        gauge("redis_connected", "1 while Redis is configured, connected and the subscriber loop alive; else 0",
                () -> cluster.enabled() && cluster.state() == RedisCluster.State.CONNECTED
                        && cluster.subscriberAlive() ? 1 : 0);
        counter("redis_published_messages", "Messages published to Redis", r::published);
        counter("redis_received_messages", "Messages received from Redis", r::received);
        counter("redis_dropped_messages", "Messages for other nodes dropped (Redis down, queue full)", r::dropped);
        counter("redis_errors", "Failed Redis commands and lost connections", r::errors);
        counter("redis_reconnects", "Reconnections of the Redis subscriber", r::reconnects);
        Map<RedisCounters.Request, Timer> durations = new EnumMap<>(RedisCounters.Request.class);
        for (RedisCounters.Request request : RedisCounters.Request.values()) {
            Tag type = new Tag("type", request.tag());
            counter("cluster_request_timeouts", "Cluster requests that gave up waiting for answers",
                    () -> r.timeouts(request), type);
            Timer timer = registry.timer(Metadata.builder().withName(PREFIX + "cluster_request_duration")
                    .withDescription("Round trips of cluster requests that got every answer")
                    .withUnit(MetricUnits.SECONDS).build(), type);
            mine.add(timer);
            durations.put(request, timer);
        }
        stopObserving = r.observe((request, nanos) -> durations.get(request).update(Duration.ofNanos(nanos)));
    }

    private void registerNamespace(SocketIoNamespace namespace) {
        Tag nsp = new Tag("namespace", namespace.name());
        SocketCounters c = namespace.counters();
        for (TransportKind kind : TransportKind.values()) {
            gauge("sockets", "Connected sockets by namespace and transport",
                    () -> namespace.sockets().stream().filter(s -> kind.wireName().equals(s.transport())).count(),
                    nsp, new Tag("transport", kind.wireName()));
        }
        counter("socket_connects", "Sockets that joined a namespace", c::connects, nsp);
        counter("socket_connect_refusals", "Namespace joins refused with CONNECT_ERROR", c::refusals, nsp);
        for (DisconnectReason reason : DisconnectReason.values()) {
            counter("socket_disconnects", "Sockets that left a namespace, by reason", () -> c.disconnects(reason),
                    nsp, new Tag("reason", tag(reason)));
        }
        counter("events_received", "Events received from clients", c::eventsIn, nsp);
        counter("events_sent", "Events handed to clients (emits and broadcasts)", c::eventsOut, nsp);
        counter("broadcast_deliveries", "Broadcast packets handed to clients (N per broadcast to N sockets)",
                c::deliveries, nsp);
        counter("volatile_dropped", "Volatile packets dropped because the client was not ready", c::volatileDropped,
                nsp);
    }

    private void gauge(String name, String description, LongSupplier value, Tag... tags) {
        mine.add(registry.gauge(Metadata.builder().withName(PREFIX + name).withDescription(description).build(),
                value::getAsLong, tags));
    }

    private void counter(String name, String description, LongSupplier total, Tag... tags) {
        Counter counter = registry.counter(Metadata.builder().withName(PREFIX + name).withDescription(description)
                .build(), tags);
        mine.add(counter);
        synced.add(new Synced(counter, total));
    }

    /**
     * Registers new namespaces, brings every counter up to date, and runs again after {@value #SYNC_MILLIS} ms
     * (one short task at a time, so the container never sees a long-running one).
     */
    void sync() {
        if (!running) {
            return;
        }
        try {
            for (SocketIoNamespace namespace : io.namespaces()) {
                if (namespacesRegistered.add(namespace.name())) {
                    registerNamespace(namespace);
                }
            }
            for (Synced s : synced) {
                s.sync();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Updating the metrics failed", e);
        } finally {
            if (running) {
                try {
                    next = scheduler.schedule(this::sync, SYNC_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // the application is stopping
                }
            }
        }
    }

}
