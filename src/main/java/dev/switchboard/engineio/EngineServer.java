package dev.switchboard.engineio;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
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
 * The one bean that owns Engine.IO sessions: the registry, session ids, the timer thread and the listener above.
 * Transports come here to open and find sessions; nothing else keeps a reference to a session.
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
    private EngineConfig config;
    private OriginPolicy origins;
    private EngineListener listener;
    private ScheduledThreadPoolExecutor timers;
    private Thread shutdownHook;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    @PostConstruct
    void start() {
        config = EngineConfig.from(ConfigProvider.getConfig());
        origins = new OriginPolicy(config.allowedOrigins());
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
    }

    public EngineConfig config() {
        return config;
    }

    public OriginPolicy origins() {
        return origins;
    }

    EngineListener listener() {
        return listener;
    }

    /**
     * Opens a session on its first transport, tells the listener, and registers it.
     *
     * @param transportFactory makes the first transport for the new session
     */
    public EngineSession open(Handshake handshake, Function<EngineSession, Transport> transportFactory) {
        EngineSession session = new EngineSession(newSid(), handshake, this);
        Transport first = transportFactory.apply(session);
        session.open(first, openPacket(session.id(), first.kind()));
        sessions.put(session.id(), session);
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
        if (sessions.remove(session.id(), session) && sessions.isEmpty()) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
    }

    /** Runs a short task on the engine's timer thread after a delay; tasks must not block. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return timers.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Engine timer task failed", e);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    // ---- figures for tests and monitoring ----------------------------------------------------------------

    public int sessionCount() {
        return sessions.size();
    }

    /** Timers (pings, pong deadlines, upgrade and close deadlines) still waiting to run. */
    public int pendingTimers() {
        return timers.getQueue().size();
    }

    /** Threads the engine runs itself (the timer pool); constant while the application runs. */
    public int threadCount() {
        return timers.getPoolSize();
    }

    public Collection<EngineSession> sessions() {
        return List.copyOf(sessions.values());
    }

    private String newSid() {
        byte[] bytes = new byte[SID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String openPacket(String sid, TransportKind kind) {
        JsonArrayBuilder upgrades = Json.createArrayBuilder();
        config.upgradesFrom(kind).forEach(upgrades::add);
        return Json.createObjectBuilder()
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
