package dev.switchboard.cluster.redis;

import dev.switchboard.engineio.EngineServer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * This node's connection to the cluster: a publishing connection, a pooled one for queries and one subscriber
 * connection, run by container-managed threads started at deployment and stopped at undeploy. A message for other
 * nodes is written by the thread that emits it when that cannot block (see {@link PipelinedPublisher}), else it
 * goes through a bounded queue to the publisher thread, so no caller (least of all a WebSocket I/O thread) ever
 * waits for Redis; while Redis is unreachable, messages for other nodes are dropped (at-most-once) and local
 * delivery goes on.
 * <p>
 * The subscriber loop reconnects with capped, jittered exponential backoff, resubscribes every namespace's
 * channels, pings to detect a silently dead connection, and logs state changes once, not per retry.
 */
@ApplicationScoped
public class RedisCluster {

    private static final Logger LOG = Logger.getLogger(RedisCluster.class.getName());
    private static final long PING_EVERY_MS = 5_000;
    private static final long PONG_LATE_MS = 12_000;

    /** Where the cluster connection stands, for health checks and logs. */
    public enum State { DISABLED, CONNECTING, CONNECTED, DISCONNECTED, STOPPED }

    @Resource
    private ManagedThreadFactory threads;

    @Inject
    private EngineServer engine;

    private RedisConfig config;
    private dev.switchboard.socketio.Scheduler scheduler;
    private final String uid = RedisWire.newUid();
    private final Map<String, RedisAdapter> adapters = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.DISABLED);
    private final RedisCounters counters = new RedisCounters();
    private final Object wakeUp = new Object();
    /** Who listens on the channels of our own (not @socket.io/redis-adapter's), by full channel name. */
    private final Map<String, java.util.function.Consumer<byte[]>> listeners = new ConcurrentHashMap<>();

    private BlockingQueue<Runnable> outbox;
    /** Publishes queued and not yet written: while there are any, later ones queue too (one order). */
    private final AtomicInteger queuedPublishes = new AtomicInteger();
    private PipelinedPublisher pipeline;
    private RedisClient publisher;
    private volatile Subscriber subscriber;
    private volatile Jedis subscriberConnection;
    private volatile boolean running;
    /** The subscriber connection is up: Redis is reachable as far as this node knows. */
    private volatile boolean subscriberUp;
    /** The last publish or query succeeded. */
    private volatile boolean publisherUp = true;
    private volatile long lastPong;
    private Thread subscriberThread;
    private Thread publisherThread;
    private ScheduledFuture<?> watchdog;

    @PostConstruct
    void start() {
        start(RedisConfig.from(ConfigProvider.getConfig()), threads, (task, delay) -> engine.schedule(task, delay.toMillis()));
    }

    /**
     * A cluster connection outside CDI (for tests of the adapter without a container): plain threads from
     * {@code threadFactory}, timers from {@code scheduler}. {@link #stop()} ends it.
     */
    public static RedisCluster standalone(RedisConfig config, java.util.concurrent.ThreadFactory threadFactory,
                                          dev.switchboard.socketio.Scheduler scheduler) {
        RedisCluster cluster = new RedisCluster();
        cluster.start(config, threadFactory, scheduler);
        return cluster;
    }

    private void start(RedisConfig settings, java.util.concurrent.ThreadFactory threadFactory,
                       dev.switchboard.socketio.Scheduler timer) {
        config = settings;
        scheduler = timer;
        if (!config.enabled()) {
            return;
        }
        running = true;
        state.set(State.CONNECTING);
        outbox = new ArrayBlockingQueue<>(config.publishQueue());
        publisher = RedisClient.create(config.url().orElseThrow());
        pipeline = new PipelinedPublisher(config.url().orElseThrow(), threadFactory, counters, config.requestsTimeout());
        publisherThread = threadFactory.newThread(this::publishLoop);
        publisherThread.setName("switchboard-redis-publisher");
        subscriberThread = threadFactory.newThread(this::subscribeLoop);
        subscriberThread.setName("switchboard-redis-subscriber");
        publisherThread.start();
        subscriberThread.start();
        watchdog = schedule(this::watch, PING_EVERY_MS);
        LOG.info(() -> "Redis cluster adapter enabled: node " + uid + ", channels '" + config.key() + "#…'");
    }

    /** Unsubscribes, ends both threads and closes every Redis connection (undeploy, or the end of a test). */
    @PreDestroy
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        state.set(State.STOPPED);
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        closeSubscriber();
        publisherThread.interrupt();
        subscriberThread.interrupt();
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        join(publisherThread);
        join(subscriberThread);
        pipeline.close();
        publisher.close();
    }

    public boolean enabled() {
        return config.enabled();
    }

    public State state() {
        return state.get();
    }

    /** This node's id on the wire (the {@code uid} of @socket.io/redis-adapter). */
    public String uid() {
        return uid;
    }

    public RedisConfig config() {
        return config;
    }

    /** Messages published, received and dropped, errors, reconnections and cluster requests, for monitoring. */
    public RedisCounters redisCounters() {
        return counters;
    }

    /** The message totals by name ({@code published}, {@code received}, {@code dropped}, {@code reconnects}...). */
    public Map<String, Long> counters() {
        return Map.of("published", counters.published(), "received", counters.received(),
                "dropped", counters.dropped(), "reconnects", counters.reconnects(), "errors", counters.errors(),
                "timeouts", counters.timeouts());
    }

    /**
     * True while the subscriber loop runs (its thread alive, not stopped) and its connection is subscribed: this
     * node hears the cluster. False without Redis.
     */
    public boolean subscriberAlive() {
        Thread t = subscriberThread;
        return running && t != null && t.isAlive() && subscriberUp;
    }

    // ---- channels of our own ----------------------------------------------------------------------------------

    /**
     * A channel of Switchboard's own next to the adapter's ({@code <key>#switchboard#<name>}): it matches this
     * node's pattern subscription, but no Node.js adapter's (theirs are {@code <key>#/<namespace>#*}).
     */
    public String ownChannel(String name) {
        return config.key() + "#switchboard#" + name;
    }

    /** Hands every message on {@code channel} (from any node, this one included) to {@code listener}. */
    public void listen(String channel, java.util.function.Consumer<byte[]> listener) {
        listeners.put(channel, listener);
    }

    public void unlisten(String channel) {
        listeners.remove(channel);
    }

    /** Publishes on a channel of our own: queued and at-most-once, as {@link #publish(String, byte[])}. */
    public void publishOwn(String channel, byte[] message) {
        publish(channel, message);
    }

    // ---- adapters -----------------------------------------------------------------------------------------

    void register(RedisAdapter adapter) {
        adapters.put(adapter.namespaceName(), adapter);
        Subscriber s = subscriber;
        if (s != null && s.isSubscribed()) {
            s.subscribe(bytes(adapter.exactChannels()));
        }
    }

    void unregister(RedisAdapter adapter) {
        adapters.remove(adapter.namespaceName(), adapter);
        Subscriber s = subscriber;
        if (s != null && s.isSubscribed()) {
            s.unsubscribe(bytes(adapter.exactChannels()));
        }
    }

    /**
     * Publishes a message for other nodes: written right away when that cannot block and nothing queued waits
     * before it, else queued for the publisher thread. Drops it (and counts) while Redis is unreachable or the
     * queue is full: delivery to other nodes is at-most-once. Never blocks.
     */
    void publish(String channel, byte[] message) {
        if (!running || !subscriberUp) {
            counters.countDropped();
            return;
        }
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        if (queuedPublishes.get() == 0 && pipeline.tryPublish(name, message)) {
            counters.countPublished();
            return;
        }
        queuedPublishes.incrementAndGet();
        if (!outbox.offer(() -> {
            try {
                retryOnce(() -> {
                    pipeline.publish(name, message);
                    return null;
                });
                counters.countPublished();
            } finally {
                queuedPublishes.decrementAndGet();
            }
        })) {
            queuedPublishes.decrementAndGet();
            counters.countDropped();
        }
    }

    /** Runs a Redis query on the publisher thread; the future fails when Redis cannot answer. */
    <T> CompletableFuture<T> query(Function<RedisClient, T> command) {
        return query(null, command);
    }

    /** A query timed as a cluster request of that kind (when not null): its duration, or its timeout, is counted. */
    <T> CompletableFuture<T> query(RedisCounters.Request timed, Function<RedisClient, T> command) {
        long start = System.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running || !subscriberUp || !outbox.offer(() -> {
            try {
                result.complete(retryOnce(() -> command.apply(publisher)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
        })) {
            result.completeExceptionally(new IllegalStateException("Redis is unreachable or the queue is full"));
            return result;
        }
        // a frozen Redis answers nothing and fails nothing: give up after requests-timeout
        java.util.concurrent.ScheduledFuture<?> expiry = schedule(() -> {
            if (result.completeExceptionally(
                    new ClusterTimeoutException("Redis did not answer within " + config.requestsTimeout()))
                    && timed != null) {
                counters.countTimeout(timed);
            }
        }, config.requestsTimeout().toMillis());
        result.whenComplete((value, error) -> {
            expiry.cancel(false);
            if (error == null && timed != null) {
                counters.countCompleted(timed, start);
            }
        });
        return result;
    }

    java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return scheduler.schedule(task, java.time.Duration.ofMillis(delayMillis));
    }

    /**
     * Runs a command, once more if the connection failed: after Redis restarts, the pool (and the publishing
     * connection) may still hold connections to the old process, and the first use of each fails although Redis
     * is back.
     */
    private static <T> T retryOnce(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            return command.get();
        }
    }

    /** How many nodes (subscribers) listen on a request channel, this one included. */
    CompletableFuture<Integer> subscribers(String channel) {
        return query(RedisCounters.Request.SERVER_COUNT, client -> {
            Object reply = client.sendCommand(Protocol.Command.PUBSUB, "NUMSUB", channel);
            return reply instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof Long n ? n.intValue() : 0;
        });
    }

    // ---- the two threads ----------------------------------------------------------------------------------

    private void publishLoop() {
        while (running) {
            Runnable task;
            try {
                task = outbox.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                continue;
            }
            try {
                task.run();
                publisherUp = true;
                updateState(null);
            } catch (RuntimeException e) {
                counters.countError();
                counters.countDropped();
                publisherUp = false;
                updateState(e);
            }
        }
    }

    private void subscribeLoop() {
        long delay = 100;
        while (running) {
            try (Jedis connection = new Jedis(config.url().orElseThrow(), 5000)) {
                subscriberConnection = connection;
                Subscriber s = new Subscriber();
                subscriber = s;
                lastPong = System.currentTimeMillis();
                connection.psubscribe(s, bytes(List.of(config.key() + "#*")));
                delay = 100;
            } catch (RuntimeException e) {
                subscriberUp = false;
                if (running) {
                    counters.countError();
                    updateState(e);
                }
            } finally {
                subscriberUp = false;
                subscriber = null;
                subscriberConnection = null;
            }
            if (!running) {
                return;
            }
            counters.countReconnect();
            long wait = ThreadLocalRandom.current().nextLong(delay / 2, delay + 1);
            delay = Math.min(delay * 2, config.reconnectMaxDelay().toMillis());
            synchronized (wakeUp) {
                try {
                    wakeUp.wait(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Pings the subscriber connection; a connection that stopped answering is closed, and the loop reconnects. */
    private void watch() {
        if (!running) {
            return;
        }
        pipeline.checkAnswers(PONG_LATE_MS);
        Subscriber s = subscriber;
        if (s != null && s.isSubscribed()) {
            if (System.currentTimeMillis() - lastPong > PONG_LATE_MS) {
                LOG.warning("Redis subscriber connection stopped answering pings; reconnecting");
                closeSubscriber();
            } else {
                try {
                    s.ping();
                } catch (RuntimeException e) {
                    closeSubscriber();
                }
            }
        }
        watchdog = schedule(this::watch, PING_EVERY_MS);
    }

    private void closeSubscriber() {
        Subscriber s = subscriber;
        try {
            if (s != null && s.isSubscribed()) {
                s.punsubscribe();
                s.unsubscribe();
            }
        } catch (RuntimeException e) {
            // the connection is already broken
        }
        Jedis c = subscriberConnection;
        if (c != null) {
            try {
                c.disconnect();
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    /** Derives the state from both connections and logs a change once. */
    private void updateState(Exception cause) {
        if (!running) {
            return;
        }
        State next = subscriberUp && publisherUp ? State.CONNECTED
                : state.get() == State.CONNECTING && cause == null ? State.CONNECTING : State.DISCONNECTED;
        State previous = state.getAndUpdate(current -> current == State.STOPPED ? State.STOPPED : next);
        if (previous == State.STOPPED) {
            return;
        }
        if (previous != next) {
            if (next == State.CONNECTED) {
                LOG.info(previous == State.CONNECTING ? "Redis cluster adapter connected"
                        : "Redis cluster adapter reconnected; cross-node delivery resumes");
            } else {
                LOG.log(Level.WARNING, "Redis unreachable (" + (cause == null ? "?" : cause.getMessage())
                        + "); messages for other nodes are dropped until it is back, local delivery goes on");
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[][] bytes(List<String> channels) {
        byte[][] out = new byte[channels.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = channels.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Routes what Redis delivers to the adapter of the namespace named in the channel. */
    private final class Subscriber extends BinaryJedisPubSub {
        @Override
        public void onPSubscribe(byte[] pattern, int count) {
            if (!running) {
                // stop() ran while this connection was being made and could not see it: leave now
                punsubscribe();
                return;
            }
            List<String> exact = adapters.values().stream().flatMap(a -> a.exactChannels().stream()).toList();
            if (!exact.isEmpty()) {
                subscribe(bytes(exact));
            }
            subscriberUp = true;
            updateState(null);
        }

        @Override
        public void onPMessage(byte[] pattern, byte[] channel, byte[] message) {
            route(new String(channel, StandardCharsets.UTF_8), message);
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            route(new String(channel, StandardCharsets.UTF_8), message);
        }

        @Override
        public void onPong(byte[] pattern) {
            lastPong = System.currentTimeMillis();
        }
    }

    private void route(String channel, byte[] message) {
        counters.countReceived();
        java.util.function.Consumer<byte[]> listener = listeners.get(channel);
        if (listener != null) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Ignoring a Redis message on " + channel, e);
            }
            return;
        }
        for (RedisAdapter adapter : adapters.values()) {
            try {
                if (adapter.accepts(channel, message)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Ignoring a Redis message on " + channel, e);
                return;
            }
        }
    }
}
