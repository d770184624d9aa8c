package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.cluster.redis.RedisAdapterFactory;
import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.cluster.redis.RedisConfig;
import dev.switchboard.testing.RedisServerFixture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter conformance suite on three nodes sharing one real Redis ({@code REDIS_URL}, or the embedded
 * redis-server): three {@link RedisCluster} connections in this JVM, each with its own namespace per test.
 * <p>
 * A node is ready for a test when its cluster connection is {@code CONNECTED} (pattern subscription in place) and
 * Redis counts all three nodes on the namespace's request channel (its exact subscriptions are in place).
 */
class RedisAdapterConformanceTest extends AdapterConformance {

    private static final int NODES = 3;
    private static final String THREAD_PREFIX = "switchboard-redis-";

    private final String key = "conformance-" + ProcessHandle.current().pid();
    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final List<RedisCluster> clusters = new ArrayList<>();
    private RedisServerFixture redis;

    @BeforeAll
    void startCluster() throws IOException {
        redis = RedisServerFixture.started();
        for (int i = 0; i < NODES; i++) {
            RedisCluster cluster = RedisCluster.standalone(config(), recordingInto(started), scheduler());
            clusters.add(cluster);
            await("node " + cluster.uid() + " connects to " + redis.url(),
                    () -> cluster.state() == RedisCluster.State.CONNECTED);
        }
    }

    @AfterAll
    void stopCluster() throws IOException {
        try {
            clusters.forEach(RedisCluster::stop);
            assertNoThreadSurvives(started);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Override
    protected List<SocketIoNamespace> nodes(String namespace) {
        List<SocketIoNamespace> out = clusters.stream()
                .map(cluster -> new SocketIoNamespace(namespace, scheduler(), RedisAdapterFactory.factoryFor(cluster)))
                .toList();
        redis.awaitSubscribers(key + "-request#" + namespace + "#", NODES, WAIT);
        return out;
    }

    @Test
    void stopEndsEveryThreadTheClusterStarted() {
        List<Thread> own = new CopyOnWriteArrayList<>();
        RedisCluster extra = RedisCluster.standalone(config(), recordingInto(own), scheduler());
        await("the extra node connects", () -> extra.state() == RedisCluster.State.CONNECTED);

        extra.stop();

        assertEquals(RedisCluster.State.STOPPED, extra.state());
        assertNoThreadSurvives(own);
    }

    /** {@code stop()} racing the subscriber's first connection still ends with no thread and state STOPPED. */
    @Test
    void stopWhileConnectingLeavesTheClusterStoppedWithNoThreadRunning() {
        for (int i = 0; i < 50; i++) {
            List<Thread> own = new CopyOnWriteArrayList<>();
            RedisCluster early = RedisCluster.standalone(config(), recordingInto(own), scheduler());

            early.stop();

            assertEquals(RedisCluster.State.STOPPED, early.state(), "attempt " + i);
            assertNoThreadSurvives(own);
        }
    }

    private RedisConfig config() {
        return new RedisConfig(Optional.of(URI.create(redis.url())), key, Duration.ofSeconds(3),
                Duration.ofMillis(500), 10_000);
    }

    /** Plain threads, each remembered so the test can check it ended. */
    private static ThreadFactory recordingInto(List<Thread> threads) {
        return task -> {
            Thread t = new Thread(task);
            threads.add(t);
            return t;
        };
    }

    /** {@code stop()} joins its threads; none named {@code switchboard-redis-*} may still run afterwards. */
    private static void assertNoThreadSurvives(List<Thread> threads) {
        List<String> alive = threads.stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX))
                .map(t -> t.getName() + " " + t.getState())
                .toList();
        assertEquals(List.of(), alive, "threads left running after stop()");
        assertEquals(threads.size(), threads.stream().filter(t -> t.getName().startsWith(THREAD_PREFIX)).count(),
                "every thread the cluster starts is named " + THREAD_PREFIX + "*: " + threads);
    }
}
