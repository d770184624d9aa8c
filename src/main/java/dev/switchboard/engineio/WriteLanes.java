package dev.switchboard.engineio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
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
        /** Writes what is queued; called on a lane thread, after the connection's {@link Slot} left the queue. */
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

    /**
     * A connection's place in its lane's queue, made once per connection and reused for every write: queuing it
     * allocates nothing (a broadcast queues every recipient, so a queue node per write was the largest share of a
     * node's garbage in a fan-out profile, ~28 %).
     */
    public static final class Slot {
        private static final VarHandle QUEUED;
        private static final VarHandle NEXT;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                QUEUED = lookup.findVarHandle(Slot.class, "queued", boolean.class);
                NEXT = lookup.findVarHandle(Slot.class, "next", Slot.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Lane lane;
        private final Writable writable;
        @SuppressWarnings("unused") // through QUEUED
        private volatile boolean queued;
        @SuppressWarnings("unused") // through NEXT
        private volatile Slot next;

        private Slot(Lane lane, Writable writable) {
            this.lane = lane;
            this.writable = writable;
        }

        /**
         * Queues the connection for its lane unless it is queued already. The lane takes it off the queue before it
         * writes, so what is queued during a write queues it again.
         */
        public void schedule() {
            if (QUEUED.compareAndSet(this, false, true)) {
                lane.push(this);
                lane.wake();
            }
        }

        private Slot next() {
            return (Slot) NEXT.getVolatile(this);
        }
    }

    /**
     * One writer thread and the connections waiting for it, in an intrusive queue of {@link Slot}s: many threads
     * push (a swap of the head, then a link from the slot before), the lane thread alone takes from the tail. A
     * stub slot keeps the queue from ever being truly empty, so a push never races with the last take.
     */
    public static final class Lane implements Runnable {
        private static final VarHandle HEAD;

        static {
            try {
                HEAD = MethodHandles.lookup().findVarHandle(Lane.class, "head", Slot.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Executor managed;
        private final AtomicBoolean sleeping = new AtomicBoolean();
        private final Slot stub = new Slot(this, null);
        /** The slot pushed last (producers swap it). */
        @SuppressWarnings("unused") // through HEAD
        private volatile Slot head = stub;
        /** The slot taken next (the lane thread only). */
        private Slot tail = stub;
        private volatile boolean stopped;
        private Thread thread;

        Lane(Executor managed) {
            this.managed = managed;
        }

        /** The slot of a connection that writes on this lane; make one per connection and keep it. */
        public Slot slot(Writable w) {
            return new Slot(this, Objects.requireNonNull(w));
        }

        private void push(Slot s) {
            Slot.NEXT.setRelease(s, (Slot) null);
            Slot previous = (Slot) HEAD.getAndSet(this, s);
            Slot.NEXT.setVolatile(previous, s);
        }

        private void wake() {
            if (sleeping.get() && sleeping.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
        }

        /** The next queued slot, or null when the queue is empty. Lane thread only. */
        private Slot poll() {
            Slot t = tail;
            Slot n = t.next();
            if (t == stub) {
                if (n == null) {
                    return null;
                }
                tail = n;
                t = n;
                n = n.next();
            }
            if (n != null) {
                tail = n;
                return t;
            }
            if (t == (Slot) HEAD.getVolatile(this)) {
                push(stub); // t is the last: the stub goes behind it, so t can leave
            }
            // a push swapped the head past t and is about to link t to the next slot (a few instructions)
            for (int spins = 0; (n = t.next()) == null; spins++) {
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            tail = n;
            return t;
        }

        /** True when nothing is queued or being queued; only right after {@link #poll} returned null. */
        private boolean idle() {
            return (Slot) HEAD.getVolatile(this) == stub;
        }

        @Override
        public void run() {
            CURRENT.set(this);
            while (!stopped) {
                Slot next = poll();
                if (next == null) {
                    sleeping.set(true);
                    if (idle() && !stopped) {
                        LockSupport.park(this);
                    }
                    sleeping.set(false);
                    continue;
                }
                Slot.QUEUED.setVolatile(next, false);
                try {
                    next.writable.writeQueued();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a connection's write failed on its writer thread", e);
                }
            }
        }
    }
}
