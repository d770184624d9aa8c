package dev.switchboard.engineio;

import dev.switchboard.auth.LimitsConfig;
import dev.switchboard.protocol.JsonBuilders;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one bean that owns Engine.IO sessions: the registry, session ids, the connection limits, the timer thread and
 * the listener above. Transports come here to open and find sessions; nothing else keeps a reference to a session.
 */
@ApplicationScoped
public class EngineServer {

    private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
    /** 18 random bytes: 144 bits, 24 URL-safe characters. */
    private static final int SID_BYTES = 18;
    static final String THREAD_PREFIX = "switchboard-engine-timer-";

    @Resource
    private ManagedThreadFactory managedThreads;

    @Inject
    private Instance<EngineListener> listeners;

    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Object emptied = new Object();
    private final EngineCounters counters = new EngineCounters();
    private EngineConfig config;
    private OriginPolicy origins;
    private ConnectionLimits limits;
    private ScheduledFuture<?> sweeper;
    private EngineListener listener;
    private ScheduledThreadPoolExecutor timers;
    private WriteLanes writeLanes;
    private Thread shutdownHook;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    @PostConstruct
    void start() {
        config = EngineConfig.from(ConfigProvider.getConfig());
        origins = new OriginPolicy(config.allowedOrigins());
        limits = new ConnectionLimits(LimitsConfig.from(ConfigProvider.getConfig()), System::nanoTime);
        listener = listeners.isResolvable() ? listeners.get() : new DroppingListener();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory base = managedThreads;
        timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = base.newThread(r);
            t.setName(THREAD_PREFIX + n.incrementAndGet());
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        sweeper = timers.scheduleWithFixedDelay(guarded(limits::sweep), 1, 1, TimeUnit.SECONDS);
        writeLanes = new WriteLanes(GrizzlyWriterThreads.orElse(base, config.fastPaths().grizzlyWriterThreads()),
                config.writeThreads(), timers);
        shutdownHook = new Thread(this::stop, "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Closes every session with "server shutting down", gives close packets a moment to leave, stops the timer.
     * Runs on undeploy and, through a JVM shutdown hook, as soon as the server process is asked to stop: on
     * SIGTERM the container closes its connections before it undeploys, too late to tell clients why.
     */
    @PreDestroy
    void stop() {
        if (stopped.getAndSet(true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        for (EngineSession s : sessions.values()) {
            s.close(EngineCloseReason.SERVER_SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        synchronized (emptied) {
            long left;
            while (!sessions.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(emptied, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (EngineSession s : sessions.values()) {
            s.closeDelivered();
        }
        timers.shutdownNow();
        writeLanes.stop();
    }

    public EngineConfig config() {
        return config;
    }

    /** The writer threads of large broadcasts (none when {@code switchboard.engine.write-threads} is 0). */
    public WriteLanes writeLanes() {
        return writeLanes;
    }

    public OriginPolicy origins() {
        return origins;
    }

    EngineListener listener() {
        return listener;
    }

    /** The engine's totals since start (handshakes, upgrades, bytes, refusals, closes). */
    public EngineCounters counters() {
        return counters;
    }

    /** True from deployment until shutdown or undeploy began (the liveness check). */
    public boolean running() {
        return !stopped.get() && !timers.isShutdown();
    }

    /**
     * The early check of a request for a new connection (a handshake, or a WebSocket upgrade without {@code sid}),
     * before anything is created: refused with {@link EngineError#TOO_MANY_CONNECTIONS} while the node is full, or
     * {@link EngineError#TOO_MANY_REQUESTS} when the client's address is over its connection rate.
     *
     * @param peer         the direct peer's address
     * @param forwardedFor the {@code X-Forwarded-For} header values (believed only from trusted proxies)
     * @throws EngineException with the refusal and its Retry-After
     */
    public void admit(String peer, List<String> forwardedFor) {
        limits.admit(limits.clientAddress(peer, forwardedFor));
    }

    /**
     * Opens a session on its first transport, tells the listener, and registers it. Takes one of the node's
     * {@code max-connections} places atomically first, so a request that passed {@link #admit} while the last
     * place was being taken is refused here, before any session exists.
     *
     * @param transportFactory makes the first transport for the new session
     * @throws EngineException {@link EngineError#TOO_MANY_CONNECTIONS} when the node is full
     */
    public EngineSession open(Handshake handshake, Function<EngineSession, Transport> transportFactory) {
        limits.reserve();
        EngineSession session;
        try {
            session = new EngineSession(newSid(), handshake, this);
            Transport first = transportFactory.apply(session);
            session.open(first, openPacket(session.id(), first.kind()));
            sessions.put(session.id(), session);
        } catch (RuntimeException | Error e) {
            limits.release();
            throw e;
        }
        counters.countHandshake(session.transport());
        try {
            listener.onOpen(session);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Engine listener failed to open session " + session.id(), e);
            session.close(EngineCloseReason.TRANSPORT_ERROR);
        }
        session.opened();
        return session;
    }

    /** The open session with that id, or {@code null}. */
    public EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    void unregister(EngineSession session) {
        if (!sessions.remove(session.id(), session)) {
            return;
        }
        limits.release();
        if (sessions.isEmpty()) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
    }

    /** Runs a short task on the engine's timer thread after a delay; tasks must not block. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return timers.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Engine timer task failed", e);
            }
        };
    }

    // ---- figures for tests and monitoring ----------------------------------------------------------------

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Session timers (pings, pong deadlines, upgrade and close deadlines) still waiting to run; the engine's own
     * periodic sweep of the per-address limits is not counted.
     */
    public int pendingTimers() {
        return (int) timers.getQueue().stream().filter(task -> task != sweeper).count();
    }

    /** Client addresses the per-address connection rate tracks now (bounded, swept every second). */
    public int trackedAddresses() {
        return limits.trackedAddresses();
    }

    /** Threads the engine runs itself (the timer pool); constant while the application runs. */
    public int threadCount() {
        return timers.getPoolSize();
    }

    public Collection<EngineSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Open sessions whose current transport is {@code kind} (no copy of the registry: monitoring asks often). */
    public long sessionsOn(TransportKind kind) {
        long n = 0;
        for (EngineSession s : sessions.values()) {
            if (s.transport() == kind) {
                n++;
            }
        }
        return n;
    }

    private String newSid() {
        byte[] bytes = new byte[SID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String openPacket(String sid, TransportKind kind) {
        JsonArrayBuilder upgrades = JsonBuilders.array();
        config.upgradesFrom(kind).forEach(upgrades::add);
        return JsonBuilders.object()
                .add("sid", sid)
                .add("upgrades", upgrades)
                .add("pingInterval", config.pingInterval())
                .add("pingTimeout", config.pingTimeout())
                .add("maxPayload", config.maxPayload())
                .build().toString();
    }

    /** Used while no Socket.IO layer is deployed: messages have nowhere to go. */
    private static final class DroppingListener implements EngineListener {
        @Override
        public void onOpen(EngineSession session) {
        }

        @Override
        public void onMessage(EngineSession session, dev.switchboard.protocol.EnginePacket message) {
        }

        @Override
        public void onClose(EngineSession session, EngineCloseReason reason) {
        }
    }
}
