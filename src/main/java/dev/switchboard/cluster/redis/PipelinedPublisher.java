package dev.switchboard.cluster.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The connection this node publishes on. PUBLISH commands are written one after another without waiting for
 * Redis's answers (pipelining); a reader thread of its own takes the answers. Two ways in:
 * <ul>
 *   <li>{@link #tryPublish} for the thread that emits: it writes right away, so a broadcast to other nodes costs no
 *       thread hand-off, but only when that cannot make it wait: the connection is up, no other thread is writing,
 *       and fewer than {@link #DIRECT_UNANSWERED} commands and {@link #DIRECT_BYTES} bytes are unanswered (well
 *       within what the sockets' buffers take while Redis is slow). Otherwise it says no and the caller queues.</li>
 *   <li>{@link #publish} for the publisher thread: it connects when needed and may wait (for the write lock, for
 *       room among the unanswered commands).</li>
 * </ul>
 * Everything goes out on one TCP connection, so Redis sees the commands in the order they were written. The
 * connection comes from Jedis (address, TLS, user, password and database from the URL); only the PUBLISH frames
 * and their integer answers are written and read here. When the connection fails, the commands still unanswered are
 * lost (counted as dropped): delivery to other nodes is at-most-once, as with the rest of the cluster traffic.
 */
final class PipelinedPublisher implements AutoCloseable {

    /** The most unanswered commands under which an emitting thread still writes itself. */
    static final int DIRECT_UNANSWERED = 64;
    /** The most unanswered bytes under which an emitting thread still writes itself. */
    static final int DIRECT_BYTES = 64 * 1024;
    /** The most unanswered commands at all: the publisher thread waits for answers beyond this. */
    private static final int RING = 1024;
    /** The most unanswered bytes at all: the publisher thread waits for answers beyond this. */
    private static final int MAX_BYTES = 256 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(PipelinedPublisher.class.getName());
    private static final byte[] PUBLISH_HEAD = "*3\r\n$7\r\nPUBLISH\r\n".getBytes(StandardCharsets.US_ASCII);

    private final URI url;
    private final ThreadFactory threads;
    private final RedisCounters counters;
    private final long waitNanos;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicReference<Link> link = new AtomicReference<>();
    private final Object connecting = new Object();
    private volatile boolean closed;
    /** The frame being written, reused (grown up to 64 KB) under the write lock. */
    private byte[] frame = new byte[4096];

    /**
     * @param wait the longest the publisher thread waits for room among the unanswered commands
     */
    PipelinedPublisher(URI url, ThreadFactory threads, RedisCounters counters, java.time.Duration wait) {
        this.url = url;
        this.threads = threads;
        this.counters = counters;
        this.waitNanos = wait.toNanos();
    }

    /** Writes now if that cannot block (see the class comment); false: nothing was written, queue it instead. */
    boolean tryPublish(byte[] channel, byte[] message) {
        Link l = link.get();
        if (l == null || message.length > DIRECT_BYTES || !writeLock.tryLock()) {
            return false;
        }
        try {
            if (l != link.get() || l.unanswered() >= DIRECT_UNANSWERED || l.unansweredBytes.get() > DIRECT_BYTES) {
                return false;
            }
            write(l, channel, message);
            return true;
        } catch (IOException e) {
            fail(l, e, 1); // the caller queues it
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes, connecting first when there is no connection, waiting for the write lock and for room among the
     * unanswered commands. Safe from any thread, but it may wait: meant for the publisher thread.
     *
     * @throws JedisConnectionException when Redis cannot be reached or does not answer in time
     */
    void publish(byte[] channel, byte[] message) {
        Link l = connected();
        long deadline = System.nanoTime() + waitNanos;
        while (l.unanswered() >= RING || l.unansweredBytes.get() > MAX_BYTES) {
            if (l != link.get()) {
                throw new JedisConnectionException("the Redis publishing connection failed");
            }
            if (System.nanoTime() - deadline > 0) {
                throw fail(l, new IOException("Redis did not answer the PUBLISH commands in time"), 0);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        writeLock.lock();
        try {
            if (l != link.get()) {
                throw new JedisConnectionException("the Redis publishing connection failed");
            }
            write(l, channel, message);
        } catch (IOException e) {
            throw fail(l, e, 1); // the caller counts it
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes a connection whose oldest unanswered command waited longer than {@code lateMillis} (a frozen Redis). */
    void checkAnswers(long lateMillis) {
        Link l = link.get();
        if (l != null && l.unanswered() > 0
                && System.nanoTime() - l.lastProgress > TimeUnit.MILLISECONDS.toNanos(lateMillis)) {
            fail(l, new IOException("Redis did not answer PUBLISH for " + lateMillis + " ms"), 0);
        }
    }

    /** Commands written and not answered yet (0 without a connection). */
    int unanswered() {
        Link l = link.get();
        return l == null ? 0 : l.unanswered();
    }

    boolean isConnected() {
        return link.get() != null;
    }

    @Override
    public void close() {
        closed = true;
        Link l = link.getAndSet(null);
        if (l != null) {
            l.close();
        }
    }

    // ---- connection ---------------------------------------------------------------------------------------

    private Link connected() {
        Link l = link.get();
        if (l != null) {
            return l;
        }
        synchronized (connecting) {
            l = link.get();
            if (l != null) {
                return l;
            }
            if (closed) {
                throw new JedisConnectionException("the Redis publishing connection is closed");
            }
            Link fresh = open();
            link.set(fresh);
            if (closed) { // close() ran while connecting
                fail(fresh, new IOException("closed"), 0);
                throw new JedisConnectionException("the Redis publishing connection is closed");
            }
            fresh.reader.start();
            return fresh;
        }
    }

    private Link open() {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(url))
                .password(JedisURIHelper.getPassword(url))
                .database(JedisURIHelper.getDBIndex(url))
                .protocol(JedisURIHelper.getRedisProtocol(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(CONNECT_TIMEOUT_MS)
                .build();
        DefaultJedisSocketFactory sockets = new DefaultJedisSocketFactory(JedisURIHelper.getHostAndPort(url), config);
        Socket[] made = new Socket[1];
        // Jedis makes the socket and says hello (AUTH, SELECT); from then on the socket's streams are ours
        Connection setup;
        try {
            setup = new Connection(() -> made[0] = sockets.createSocket(), config);
        } catch (RuntimeException e) { // refused (AUTH, SELECT) or unreachable: leave no socket behind
            if (made[0] != null) {
                try {
                    made[0].close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            throw e;
        }
        try {
            Socket socket = made[0];
            socket.setSoTimeout(0);
            socket.setTcpNoDelay(true);
            return new Link(setup, socket);
        } catch (IOException | RuntimeException e) {
            setup.close();
            throw e instanceof JedisConnectionException j ? j : new JedisConnectionException(e);
        }
    }

    /**
     * Closes a failed connection once, and counts the error and its unanswered commands as dropped, but for the
     * {@code inFlight} one whose write failed (its caller queues or counts it). The next {@link #publish} reconnects.
     */
    private JedisConnectionException fail(Link l, Exception cause, int inFlight) {
        if (link.compareAndSet(l, null)) {
            l.close();
            if (!closed) {
                counters.countDropped(Math.max(0, l.unanswered() - inFlight));
                counters.countError();
                LOG.log(Level.INFO, "Redis publishing connection lost ({0}); the next publish reconnects",
                        cause.getMessage());
            }
        }
        return cause instanceof JedisConnectionException j ? j : new JedisConnectionException(cause);
    }

    /** Writes one PUBLISH frame in one write call; the caller holds the write lock. */
    private void write(Link l, byte[] channel, byte[] message) throws IOException {
        int size = PUBLISH_HEAD.length + 1 + digits(channel.length) + 2 + channel.length + 2
                + 1 + digits(message.length) + 2 + message.length + 2;
        byte[] out = size <= frame.length ? frame : size <= 64 * 1024 ? (frame = new byte[size]) : new byte[size];
        int at = put(out, 0, PUBLISH_HEAD);
        out[at++] = '$';
        at = crlf(out, number(out, at, channel.length));
        at = crlf(out, put(out, at, channel));
        out[at++] = '$';
        at = crlf(out, number(out, at, message.length));
        at = crlf(out, put(out, at, message));
        l.sent(size);
        l.out.write(out, 0, at);
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int digits(int n) {
        int d = 1;
        for (int rest = n / 10; rest > 0; rest /= 10) {
            d++;
        }
        return d;
    }

    /** Writes a non-negative number in decimal. */
    private static int number(byte[] out, int at, int n) {
        int end = at + digits(n);
        int i = end;
        do {
            out[--i] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        return end;
    }

    private static int crlf(byte[] out, int at) {
        out[at] = '\r';
        out[at + 1] = '\n';
        return at + 2;
    }

    /**
     * One connection: its socket, the sizes of the commands waiting for an answer (a ring written under the write
     * lock and read by the reader thread alone), and the reader thread.
     */
    private final class Link {
        final Connection setup;
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final Thread reader;
        final int[] sizes = new int[RING];
        final AtomicLong unansweredBytes = new AtomicLong();
        volatile long written;
        volatile long answered;
        volatile long lastProgress = System.nanoTime();
        private boolean refusalLogged;

        Link(Connection setup, Socket socket) throws IOException {
            this.setup = setup;
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.reader = threads.newThread(this::readAnswers);
            reader.setName("switchboard-redis-publisher-replies");
            reader.setDaemon(true);
        }

        int unanswered() {
            return (int) (written - answered);
        }

        /** Notes a command about to be written (under the write lock). */
        void sent(int size) {
            if (written == answered) {
                lastProgress = System.nanoTime();
            }
            sizes[(int) (written % RING)] = size;
            unansweredBytes.addAndGet(size);
            written++;
        }

        /** Reads answers until the connection ends: integers (subscribers reached), or errors (counted). */
        private void readAnswers() {
            try {
                while (true) {
                    int type = in.read();
                    if (type == -1) {
                        throw new IOException("Redis closed the publishing connection");
                    }
                    String line = line();
                    if (type == '-') {
                        counters.countError();
                        counters.countDropped();
                        if (!refusalLogged) { // e.g. NOPERM: an ACL user without the channel; once per connection
                            refusalLogged = true;
                            LOG.log(Level.WARNING, "Redis refused a PUBLISH: {0} (counted as dropped; further refusals "
                                    + "on this connection are only counted)", line);
                        }
                    } else if (type != ':') {
                        throw new IOException("unexpected answer to PUBLISH: " + (char) type + line);
                    }
                    if (answered == written) {
                        throw new IOException("an answer from Redis with no command waiting for it");
                    }
                    unansweredBytes.addAndGet(-sizes[(int) (answered % RING)]);
                    lastProgress = System.nanoTime();
                    answered++;
                }
            } catch (IOException | RuntimeException e) {
                fail(this, e, 0);
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(16);
            for (int c = in.read(); c != '\r'; c = in.read()) {
                if (c == -1 || s.length() > 4096) {
                    throw new IOException("a broken answer from Redis");
                }
                s.append((char) c);
            }
            if (in.read() != '\n') {
                throw new IOException("a broken answer from Redis");
            }
            return s.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            setup.close();
        }
    }
}
