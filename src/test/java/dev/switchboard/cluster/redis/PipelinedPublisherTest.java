package dev.switchboard.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.RedisServerFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The pipelined publishing connection against a real Redis ({@code REDIS_URL}, or the embedded redis-server): what
 * it writes arrives whole and in order, emitting threads write only while that cannot block, and a frozen,
 * restarted or refusing Redis ends the connection cleanly (counted) until the next publish reconnects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinedPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] CHANNEL = "pipelined-test#binary\r\n#".getBytes(StandardCharsets.UTF_8);

    private RedisServerFixture redis;
    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    void startRedis() throws IOException {
        redis = RedisServerFixture.started();
    }

    @AfterAll
    void stopRedis() throws IOException {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        Await.until("every reply reader the publishers started has ended", WAIT,
                () -> started.stream().noneMatch(Thread::isAlive));
        started.clear();
    }

    @Test
    void messagesFromManyThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
        RedisCounters counters = new RedisCounters();
        PipelinedPublisher publisher = publisher(redis.url(), counters);
        Subscription heard = subscribe(redis.url());
        int threads = 4;
        int each = 300;
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        int[] direct = new int[threads];
        for (int t = 0; t < threads; t++) {
            int sender = t;
            new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        byte[] message = message(sender, i);
                        if (publisher.tryPublish(CHANNEL, message)) {
                            direct[sender]++;
                        } else {
                            publisher.publish(CHANNEL, message);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the senders finished");
        assertEquals(List.of(), failures);

        int[] next = new int[threads];
        for (int n = 0; n < threads * each; n++) {
            byte[] got = heard.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(got, "message " + n + " of " + threads * each + " arrived");
            ByteBuffer head = ByteBuffer.wrap(got);
            int sender = head.getInt();
            int index = head.getInt();
            assertEquals(next[sender]++, index, "sender " + sender + "'s messages in the order it wrote them");
            assertArrayEquals(message(sender, index), got, "message " + index + " of sender " + sender + " whole");
        }
        Await.until("every command answered", WAIT, () -> publisher.unanswered() == 0);
        assertEquals(0, counters.dropped());
        assertEquals(0, counters.errors());
        assertTrue(java.util.Arrays.stream(direct).sum() > 0, "some messages were written by their own thread");
    }

    @Test
    void anEmittingThreadNeverConnects() {
        PipelinedPublisher publisher = publisher(redis.url(), new RedisCounters());

        assertFalse(publisher.tryPublish(CHANNEL, new byte[] {1}), "no connection yet: queue it");
        assertFalse(publisher.isConnected());
        publisher.publish(CHANNEL, new byte[] {2});
        assertTrue(publisher.isConnected());
        assertTrue(publisher.tryPublish(CHANNEL, new byte[] {3}));
        assertFalse(publisher.tryPublish(CHANNEL, new byte[PipelinedPublisher.DIRECT_BYTES + 1]),
                "a message larger than the direct bound goes through the queue");
    }

    @Test
    void aFrozenRedisStopsDirectWritesAndLateAnswersEndTheConnection() throws Exception {
        redis.requireControllable("a frozen Redis");
        RedisCounters counters = new RedisCounters();
        PipelinedPublisher publisher = connectedPublisher(counters);
        redis.freeze();
        try {
            int direct = 0;
            while (publisher.tryPublish(CHANNEL, new byte[100])) {
                direct++;
            }
            assertEquals(PipelinedPublisher.DIRECT_UNANSWERED, direct, "direct writes up to the unanswered bound");
            publisher.checkAnswers(60_000);
            assertTrue(publisher.isConnected(), "answers are late, not yet too late");

            publisher.checkAnswers(0);

            assertFalse(publisher.isConnected(), "a connection whose answers are too late is closed");
            assertEquals(PipelinedPublisher.DIRECT_UNANSWERED, counters.dropped(), "its unanswered commands counted");
            assertEquals(1, counters.errors());
        } finally {
            redis.thaw();
        }
        Subscription heard = subscribe(redis.url());
        publisher.publish(CHANNEL, "after".getBytes(StandardCharsets.UTF_8));
        heard.await("after");
    }

    @Test
    void theReaderNoticesARestartedRedisAndTheNextPublishReconnects() throws Exception {
        redis.requireControllable("a restarted Redis");
        RedisCounters counters = new RedisCounters();
        PipelinedPublisher publisher = connectedPublisher(counters);

        redis.restart();

        Await.until("the reader saw the connection end", WAIT, () -> !publisher.isConnected());
        assertEquals(1, counters.errors());
        assertEquals(0, counters.dropped(), "nothing was waiting for an answer");
        assertFalse(publisher.tryPublish(CHANNEL, new byte[] {1}), "an emitting thread leaves reconnecting to the queue");
        Subscription heard = subscribe(redis.url());
        publisher.publish(CHANNEL, "after".getBytes(StandardCharsets.UTF_8));
        heard.await("after");
    }

    @Test
    void theUrlsUserPasswordAndDatabaseAreUsed() throws Exception {
        String user = "pipelined-" + ProcessHandle.current().pid();
        redis.command("ACL", "SETUSER", user, "on", ">s3cret", "~*", "&*", "+@all");
        try {
            PipelinedPublisher publisher = publisher(urlAs(user, "s3cret") + "/3",
                    new RedisCounters());
            Subscription heard = subscribe(redis.url());
            publisher.publish(CHANNEL, "authenticated".getBytes(StandardCharsets.UTF_8));
            heard.await("authenticated");
            String clients = String.valueOf(redis.command("CLIENT", "LIST"));
            assertTrue(clients.lines().anyMatch(l -> l.contains("user=" + user) && l.contains(" db=3 ")),
                    "a connection of that user on database 3: " + clients);

            RedisCounters refused = new RedisCounters();
            PipelinedPublisher wrong = publisher(urlAs(user, "wrong"), refused);
            assertThrows(JedisException.class, () -> wrong.publish(CHANNEL, new byte[] {1}));
            assertFalse(wrong.isConnected());
        } finally {
            redis.command("ACL", "DELUSER", user);
        }
    }

    @Test
    void aRefusedPublishIsCountedAndTheConnectionGoesOn() throws Exception {
        String user = "refused-" + ProcessHandle.current().pid();
        redis.command("ACL", "SETUSER", user, "on", ">s3cret", "~*", "resetchannels", "+@all");
        try {
            RedisCounters counters = new RedisCounters();
            PipelinedPublisher publisher = publisher(urlAs(user, "s3cret"), counters);

            publisher.publish(CHANNEL, new byte[] {1});
            assertTrue(publisher.tryPublish(CHANNEL, new byte[] {2}));

            Await.until("both refusals answered", WAIT, () -> publisher.unanswered() == 0);
            assertEquals(2, counters.errors(), "each NOPERM answer counted as an error");
            assertEquals(2, counters.dropped(), "and its message as dropped");
            assertTrue(publisher.isConnected(), "a refusal is an answer: the connection stays");
        } finally {
            redis.command("ACL", "DELUSER", user);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private PipelinedPublisher publisher(String url, RedisCounters counters) {
        ThreadFactory recording = task -> {
            Thread t = new Thread(task);
            started.add(t);
            return t;
        };
        PipelinedPublisher publisher = new PipelinedPublisher(URI.create(url), recording, counters, WAIT);
        open.add(publisher);
        return publisher;
    }

    /** A publisher whose connection is up: it published once and that command was answered. */
    private PipelinedPublisher connectedPublisher(RedisCounters counters) {
        PipelinedPublisher publisher = publisher(redis.url(), counters);
        publisher.publish(CHANNEL, "first".getBytes(StandardCharsets.UTF_8));
        Await.until("the first command answered", WAIT, () -> publisher.unanswered() == 0);
        return publisher;
    }

    /** The test Redis's URL with an ACL user and password (no database). */
    private String urlAs(String user, String password) {
        URI base = URI.create(redis.url());
        return "redis://" + user + ":" + password + "@" + base.getHost() + ":"
                + (base.getPort() < 0 ? 6379 : base.getPort());
    }

    /** 8 bytes of sender and index, then bytes that RESP must carry as they are (CR, LF, NUL), 0 to 70 KB. */
    private static byte[] message(int sender, int index) {
        int size = 8 + (index % 7 == 0 ? 70_000 : index * 37 % 1500);
        ByteBuffer out = ByteBuffer.allocate(size).putInt(sender).putInt(index);
        byte[] pattern = {'\r', '\n', 0, '$', '*', (byte) 0xff};
        for (int i = 8; i < size; i++) {
            out.put(pattern[(i + sender + index) % pattern.length]);
        }
        return out.array();
    }

    private Subscription subscribe(String url) {
        Subscription s = new Subscription(url);
        open.add(s);
        Await.until("the test subscriber is subscribed", WAIT, () -> {
            try {
                return redis.subscribers(new String(CHANNEL, StandardCharsets.UTF_8)) >= 1;
            } catch (IOException e) {
                return false;
            }
        });
        return s;
    }

    /** A Jedis subscriber on {@link #CHANNEL} on a thread of its own, collecting what it hears. */
    private static final class Subscription implements AutoCloseable {
        final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        final BinaryJedisPubSub pubSub = new BinaryJedisPubSub() {
            @Override
            public void onMessage(byte[] channel, byte[] message) {
                messages.add(message);
            }
        };
        final Thread thread;

        Subscription(String url) {
            thread = new Thread(() -> {
                try (Jedis jedis = new Jedis(URI.create(url), 5000)) {
                    jedis.subscribe(pubSub, CHANNEL);
                } catch (RuntimeException e) {
                    // the test ends it, or Redis went away
                }
            });
            thread.start();
        }

        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                byte[] got = messages.poll(100, TimeUnit.MILLISECONDS);
                if (got != null && text.equals(new String(got, StandardCharsets.UTF_8))) {
                    return;
                }
            }
            throw new AssertionError("'" + text + "' did not arrive within " + WAIT);
        }

        @Override
        public void close() throws InterruptedException {
            if (pubSub.isSubscribed()) {
                pubSub.unsubscribe();
            }
            thread.join(WAIT.toMillis());
        }
    }
}
