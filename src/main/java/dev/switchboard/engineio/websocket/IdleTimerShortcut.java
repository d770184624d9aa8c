package dev.switchboard.engineio.websocket;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container-specific fast path, behind a check, for Tyrus (the WebSocket implementation of Payara and GlassFish).
 * <p>
 * Tyrus restarts a session's idle timer on every message it sends or receives: it cancels a task and schedules a
 * new one on the container's managed scheduled executor, even when the session has no idle timeout (ours never
 * do: Engine.IO's heartbeat ends dead connections). On Payara each managed task captures its context with a
 * {@code ServiceLoader} scan over every module, which made the timer the largest cost of sending a frame
 * (profiled with JFR under the benchmark, issue #7). This class gives a Tyrus session a scheduler that skips the
 * timer while the session's idle timeout is 0 and hands everything else, unchanged, to the container's own.
 * <p>
 * Tyrus also starts the timer once in the session's constructor, before any of our code sees the session, through
 * the scheduler of the application's WebSocket container: ~11 % of the CPU of a connect (JFR, 5,000 connects). So
 * the first session also gives its container such a scheduler, which skips a Tyrus idle-timeout task whose
 * session has no idle timeout and passes every other task on. The container belongs to this application (Tyrus
 * makes one per web application), and the wrapper goes away with it.
 * <p>
 * Anywhere else (another container, another Tyrus layout) {@link #install} does nothing: the portable path is the
 * container's own behaviour.
 */
public final class IdleTimerShortcut {

    private static final Logger LOG = Logger.getLogger(IdleTimerShortcut.class.getName());
    private static volatile Field serviceField;
    private static volatile boolean unavailable;
    private static final AtomicLong INSTALLED = new AtomicLong();
    private static final String IDLE_TIMEOUT_COMMAND = ContainerFields.TYRUS_SESSION + "$IdleTimeoutCommand";
    private static volatile Field commandSession;
    private static volatile boolean containerTried;
    private static final AtomicLong CONTAINER_SKIPS = new AtomicLong();

    private IdleTimerShortcut() {
    }

    /**
     * Installs the shortcut on a Tyrus session when {@code enabled} ({@code switchboard.engine.tyrus-idle-shortcut});
     * returns whether it did.
     */
    static boolean install(Session ws, boolean enabled) {
        if (!enabled || unavailable || !ContainerFields.TYRUS_SESSION.equals(ws.getClass().getName())) {
            return false;
        }
        try {
            Field field = serviceField;
            if (field == null) {
                field = ContainerFields.declared(ws.getClass(), "service", ScheduledExecutorService.class);
                serviceField = field;
            }
            if (!containerTried) {
                containerTried = true;
                installOnContainer(ws);
            }
            ScheduledExecutorService current = (ScheduledExecutorService) field.get(ws);
            if (current != null && !(current instanceof Skipping)) {
                field.set(ws, new Skipping(current, ws));
            }
            INSTALLED.incrementAndGet();
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(Level.INFO, "Tyrus idle-timer shortcut not available, using the container's own timer: {0}",
                    e.toString());
            return false;
        }
    }

    /**
     * Gives the session's container (Tyrus's {@code BaseContainer}, field {@code managedScheduledExecutorService})
     * a {@link Skipping} scheduler for every session (ws {@code null}: the session is the task's). Only when the
     * field holds the container's managed scheduler, and the task class names its session; else nothing changes.
     */
    private static void installOnContainer(Session ws) {
        try {
            Object container = ws.getContainer();
            Field managed = ContainerFields.inherited(container.getClass(), "managedScheduledExecutorService",
                    ScheduledExecutorService.class);
            if (!managed.getDeclaringClass().getName().equals("org.glassfish.tyrus.core.BaseContainer")) {
                throw new NoSuchFieldException("managedScheduledExecutorService is declared by "
                        + managed.getDeclaringClass().getName());
            }
            Class<?> command = Class.forName(IDLE_TIMEOUT_COMMAND, false, ws.getClass().getClassLoader());
            commandSession = ContainerFields.declared(command, "this$0", ws.getClass());
            Object current = managed.get(container);
            if (current instanceof ScheduledExecutorService service && !(current instanceof Skipping)) {
                managed.set(container, new Skipping(service, null));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "Tyrus idle-timer shortcut on sessions only, not on their container: {0}",
                    e.toString());
        }
    }

    /** How many WebSocket sessions got the shortcut since the application started (for monitoring and tests). */
    public static long installed() {
        return INSTALLED.get();
    }

    /** How many idle timers the container's scheduler skipped (those of new sessions; for tests). */
    public static long skippedOnContainer() {
        return CONTAINER_SKIPS.get();
    }

    /** The session a Tyrus idle-timeout task belongs to, or {@code null} for any other task. */
    private static Session sessionOf(Runnable command) {
        Field session = commandSession;
        if (session == null || !IDLE_TIMEOUT_COMMAND.equals(command.getClass().getName())) {
            return null;
        }
        try {
            return (Session) session.get(command);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The container's scheduler, except that a one-shot task scheduled while the session has no idle timeout is
     * not scheduled at all (it would find no timeout and do nothing). With a session ({@code ws}), that is any
     * one-shot task of that session's; without (the container's scheduler), a Tyrus idle-timeout task, whose
     * session is read from the task.
     */
    private record Skipping(ScheduledExecutorService container, Session ws) implements ScheduledExecutorService {

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Session session = ws != null ? ws : sessionOf(command);
            if (session != null && session.getMaxIdleTimeout() <= 0) {
                if (ws == null) {
                    CONTAINER_SKIPS.incrementAndGet();
                }
                return NotScheduled.INSTANCE;
            }
            return container.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return container.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return container.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            return container.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        @Override
        public void shutdown() {
            container.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return container.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return container.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return container.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return container.awaitTermination(timeout, unit);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return container.submit(task);
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return container.submit(task, result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return container.submit(task);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return container.invokeAll(tasks);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return container.invokeAll(tasks, timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
                throws InterruptedException, ExecutionException {
            return container.invokeAny(tasks);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return container.invokeAny(tasks, timeout, unit);
        }

        @Override
        public void execute(Runnable command) {
            container.execute(command);
        }
    }

    /** The answer to a timer that was not needed: already done, nothing to cancel. */
    private static final class NotScheduled implements ScheduledFuture<Object> {
        static final NotScheduled INSTANCE = new NotScheduled();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
