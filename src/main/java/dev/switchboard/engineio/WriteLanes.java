package dev.switchboard.engineio;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writer threads for large broadcasts. A broadcast queues its packet in every recipient's outbox on the thread
 * that makes it (so the order each client sees is fixed there); inside {@link #deferring} the transports then
 * leave the writing (encoding and socket writes, the bulk of a fan-out) to these lanes instead of doing it
 * inline. Each connection belongs to one lane; a lane writes everything its connection has queued at once, so a
 * client that fell behind gets its frames in one socket write. Without lanes ({@code
 * switchboard.engine.write-threads=0}) every write stays on the calling thread.
 */
public final class WriteLanes {

    private static final Logger LOG = Logger.getLogger(WriteLanes.class.getName());
    static final String THREAD_PREFIX = "switchboard-writer-";
    private static final ThreadLocal<int[]> DEFERRING = ThreadLocal.withInitial(() -> new int[1]);

    /** Something a lane can write out: a connection with queued packets. */
    public interface Writable {
        /** Writes what is queued; called on a lane thread. */
        void writeQueued();
    }

    private static final ThreadLocal<Lane> CURRENT = new ThreadLocal<>();

    private final Lane[] lanes;
    private final AtomicInteger assigned = new AtomicInteger();

    /**
     * Starts {@code count} lanes on threads from {@code threads} (0: none, every write stays inline). Work that
     * may reach application code (a connection that failed or finished closing) is passed from a lane thread to
     * {@code managed}, which runs with the application's context.
     */
    public WriteLanes(ThreadFactory threads, int count, Executor managed) {
        lanes = new Lane[count];
        for (int i = 0; i < count; i++) {
            lanes[i] = new Lane(managed);
            Thread t = threads.newThread(lanes[i]);
            t.setName(THREAD_PREFIX + (i + 1));
            t.setDaemon(true);
            lanes[i].thread = t;
            t.start();
        }
    }

    /**
     * Runs {@code work} with transport writes deferred to the lanes (when there are any). Broadcasts to many
     * sockets use this; a single send stays inline, where it has the lowest latency.
     */
    public static void deferring(Runnable work) {
        int[] depth = DEFERRING.get();
        depth[0]++;
        try {
            work.run();
        } finally {
            depth[0]--;
        }
    }

    /**
     * Runs {@code work} now, or, on a lane thread, on the managed executor: for what follows a write and may run
     * application callbacks (a lane thread may have no application context).
     */
    public static void offLane(Runnable work) {
        Lane lane = CURRENT.get();
        if (lane == null) {
            work.run();
            return;
        }
        try {
            lane.managed.execute(work);
        } catch (RejectedExecutionException e) {
            work.run(); // shutting down: the executor is gone
        }
    }

    /** True while the calling thread is inside {@link #deferring}. */
    public static boolean deferred() {
        return DEFERRING.get()[0] > 0;
    }

    /** The lane a new connection writes on, or {@code null} when there are no lanes. */
    public Lane assign() {
        return lanes.length == 0 ? null : lanes[Math.floorMod(assigned.getAndIncrement(), lanes.length)];
    }

    public int size() {
        return lanes.length;
    }

    /** The class of the lane threads (for monitoring and tests: Grizzly's worker threads or managed ones). */
    public String threadClass() {
        return lanes.length == 0 ? "" : lanes[0].thread.getClass().getName();
    }

    /** Stops the lane threads; queued writes are dropped (the sessions are closing). */
    public void stop() {
        for (Lane lane : lanes) {
            lane.stopped = true;
            LockSupport.unpark(lane.thread);
        }
    }

    /** One writer thread and the connections waiting for it. */
    public static final class Lane implements Runnable {
        private final Executor managed;
        private final ConcurrentLinkedQueue<Writable> ready = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sleeping = new AtomicBoolean();
        private volatile boolean stopped;
        private Thread thread;

        Lane(Executor managed) {
            this.managed = managed;
        }

        /**
         * Queues a connection for writing. The caller makes sure a connection is queued once at a time (it
         * clears its own flag before it writes, so packets queued during a write queue it again).
         */
        public void schedule(Writable w) {
            ready.add(w);
            if (sleeping.get() && sleeping.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            CURRENT.set(this);
            while (!stopped) {
                Writable next = ready.poll();
                if (next == null) {
                    sleeping.set(true);
                    if (ready.isEmpty() && !stopped) {
                        LockSupport.park(this);
                    }
                    sleeping.set(false);
                    continue;
                }
                try {
                    next.writeQueued();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a connection's write failed on its writer thread", e);
                }
            }
        }
    }
}
