package dev.switchboard.cluster.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster connection's totals since start: messages published, received and dropped, Redis errors and
 * reconnections, and cluster requests (round trips that wait for answers) with their durations and timeouts.
 * Counting is lock-free; monitoring reads the totals, and may {@link #observe} each request's duration (to feed
 * a timer of its own) without this package knowing how it is published.
 */
public final class RedisCounters {

    /** The cluster requests that wait for answers, by the name monitoring tags them with. */
    public enum Request {
        /** {@code PUBSUB NUMSUB} on the request channel: serverCount, and the first step of the two below. */
        SERVER_COUNT("server_count"),
        /** fetchSockets across nodes: until every node answered. */
        FETCH_SOCKETS("fetch_sockets"),
        /** serverSideEmit with an acknowledgement: until every other node answered. */
        SERVER_SIDE_EMIT("server_side_emit");

        private final String tag;

        Request(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Told the duration of every cluster request that completed (not those that timed out). */
    @FunctionalInterface
    public interface Observer {
        void completed(Request request, long nanos);
    }

    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder[] completed = adders();
    private final LongAdder[] nanos = adders();
    private final LongAdder[] timeouts = adders();
    private final LongAccumulator[] maxNanos = new LongAccumulator[Request.values().length];
    private final List<Observer> observers = new CopyOnWriteArrayList<>();

    public RedisCounters() {
        for (int i = 0; i < maxNanos.length; i++) {
            maxNanos[i] = new LongAccumulator(Math::max, 0);
        }
    }

    // ---- counting (the cluster connection and the adapters) --------------------------------------------------

    void countPublished() {
        published.increment();
    }

    void countReceived() {
        received.increment();
    }

    void countDropped() {
        dropped.increment();
    }

    void countDropped(long messages) {
        dropped.add(messages);
    }

    void countError() {
        errors.increment();
    }

    void countReconnect() {
        reconnects.increment();
    }

    /** A request that started at {@code startNanos} ({@link System#nanoTime()}) got all its answers. */
    void countCompleted(Request request, long startNanos) {
        long took = Math.max(0, System.nanoTime() - startNanos);
        completed[request.ordinal()].increment();
        nanos[request.ordinal()].add(took);
        maxNanos[request.ordinal()].accumulate(took);
        for (Observer o : observers) {
            o.completed(request, took);
        }
    }

    void countTimeout(Request request) {
        timeouts[request.ordinal()].increment();
    }

    /** Adds an observer of request durations; returns a handle that removes it. */
    public Runnable observe(Observer observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    // ---- reading (monitoring) ------------------------------------------------------------------------------

    /** Messages written to Redis. */
    public long published() {
        return published.sum();
    }

    /** Messages read from Redis (this node's own included, before they are ignored). */
    public long received() {
        return received.sum();
    }

    /** Messages for other nodes not sent: Redis unreachable, the publish queue full, or the publish failed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Failed Redis commands and lost or refused connections. */
    public long errors() {
        return errors.sum();
    }

    /** Times the subscriber connection was made again after it ended. */
    public long reconnects() {
        return reconnects.sum();
    }

    public long completed(Request request) {
        return completed[request.ordinal()].sum();
    }

    /** The summed duration of the completed requests of that kind. */
    public long nanos(Request request) {
        return nanos[request.ordinal()].sum();
    }

    public long maxNanos(Request request) {
        return maxNanos[request.ordinal()].get();
    }

    public long timeouts(Request request) {
        return timeouts[request.ordinal()].sum();
    }

    public long timeouts() {
        long total = 0;
        for (LongAdder a : timeouts) {
            total += a.sum();
        }
        return total;
    }

    private static LongAdder[] adders() {
        LongAdder[] out = new LongAdder[Request.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }
}
