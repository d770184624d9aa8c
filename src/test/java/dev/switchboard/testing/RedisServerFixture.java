package dev.switchboard.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import redis.embedded.RedisServer;

/**
 * A real Redis for integration tests: the one {@code REDIS_URL} names when that environment variable is set,
 * otherwise the redis-server binary shipped in {@code com.github.codemonstur:embedded-redis}, started on a free
 * port of 127.0.0.1 without persistence, its output in {@code target/redis-<port>.log}.
 * <p>
 * Only the embedded server can be stopped and restarted (on the same port, so nodes reconnect to the same URL), or
 * frozen and thawed. With {@code REDIS_URL} set, {@link #stop()}, {@link #restart()}, {@link #freeze()},
 * {@link #thaw()} and {@link #requireControllable} fail with a message saying so: a test that needs an outage
 * fails loudly instead of skipping.
 * <p>
 * {@link #command} speaks just enough RESP for tests to look at the server ({@code PING},
 * {@code PUBSUB NUMSUB}) without a Redis client library.
 */
public final class RedisServerFixture implements AutoCloseable {

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private final URI external;
    private int port;
    private RedisServer server;
    private ProcessHandle process;

    private RedisServerFixture(URI external) {
        this.external = external;
    }

    /** A fixture for {@code REDIS_URL} if set, else for an embedded server (not started yet). */
    public static RedisServerFixture create() {
        String url = System.getenv("REDIS_URL");
        return new RedisServerFixture(url == null || url.isBlank() ? null : URI.create(url.strip()));
    }

    /** Creates and starts a fixture. */
    public static RedisServerFixture started() throws IOException {
        return create().start();
    }

    /**
     * Starts the embedded server on a free port and waits until it answers {@code PING}; with {@code REDIS_URL},
     * only checks that that server answers.
     */
    public RedisServerFixture start() throws IOException {
        if (external != null) {
            if (!"PONG".equals(command("PING"))) {
                throw new IllegalStateException("the Redis at REDIS_URL=" + external + " does not answer PING");
            }
            return this;
        }
        if (server != null) {
            throw new IllegalStateException("already started on port " + port);
        }
        port = freePort();
        launch();
        return this;
    }

    /** {@code redis://host:port} of the server (as {@code REDIS_URL} gave it, or the embedded one's). */
    public String url() {
        if (external != null) {
            return external.toString();
        }
        if (server == null && port == 0) {
            throw new IllegalStateException("not started");
        }
        return "redis://127.0.0.1:" + port;
    }

    /** True for the embedded server, which tests may stop and restart. */
    public boolean controllable() {
        return external == null;
    }

    /** Fails, with a message naming the test's need, unless the server is the embedded one. */
    public void requireControllable(String why) {
        if (external != null) {
            throw new IllegalStateException(why + " needs to stop and restart Redis, which only the embedded "
                    + "redis-server allows, but REDIS_URL=" + external + " is set: unset REDIS_URL to run it");
        }
    }

    /** Stops the embedded server (SIGTERM; no snapshot is written). Clients see their connections close. */
    public void stop() throws IOException {
        requireControllable("stop()");
        if (server != null) {
            thaw(); // a frozen redis-server would not act on SIGTERM
            RedisServer running = server;
            server = null;
            process = null;
            running.stop();
        }
    }

    /**
     * Freezes the embedded server (SIGSTOP): connections stay open and even new ones are accepted by the kernel,
     * but nothing is answered, as with a stalled or partitioned Redis. {@link #thaw()} lets it go on.
     */
    public void freeze() throws IOException {
        requireControllable("freeze()");
        signal("STOP");
    }

    /** Lets a {@link #freeze() frozen} embedded server run again (SIGCONT); it then answers what waited. */
    public void thaw() throws IOException {
        requireControllable("thaw()");
        signal("CONT");
    }

    /** Stops the embedded server if it runs, then starts a fresh one (empty) on the same port. */
    public void restart() throws IOException {
        requireControllable("restart()");
        if (port == 0) {
            throw new IllegalStateException("restart() before start()");
        }
        stop();
        launch();
    }

    /** True while the embedded server runs (always true for REDIS_URL, which this fixture does not manage). */
    public boolean running() {
        return external != null || server != null && server.isActive();
    }

    /** How many connections are subscribed to a channel by name ({@code PUBSUB NUMSUB}). */
    public long subscribers(String channel) throws IOException {
        Object reply = command("PUBSUB", "NUMSUB", channel);
        if (reply instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof Long n) {
            return n;
        }
        throw new IOException("unexpected PUBSUB NUMSUB reply: " + reply);
    }

    /** Waits until exactly {@code count} connections subscribe to the channel; fails with the last count seen. */
    public void awaitSubscribers(String channel, long count, Duration timeout) {
        long[] last = {-1};
        awaitCondition(() -> {
            try {
                last[0] = subscribers(channel);
                return last[0] == count;
            } catch (IOException e) {
                return false;
            }
        }, timeout, () -> count + " subscribers on '" + channel + "' (last seen: " + last[0] + ")");
    }

    /**
     * Sends one command on a fresh connection and returns the reply: a {@code String} (simple or bulk string,
     * {@code null} for a nil bulk), a {@code Long}, or a {@code List} for arrays.
     *
     * @throws IOException when Redis cannot be reached or answers with an error
     */
    public Object command(String... args) throws IOException {
        URI uri = URI.create(url());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                    (int) IO_TIMEOUT.toMillis());
            socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (uri.getUserInfo() != null) {
                String[] user = uri.getUserInfo().split(":", 2);
                write(out, user.length == 2 ? new String[] {"AUTH", user[0], user[1]} : new String[] {"AUTH", user[0]});
                read(in);
            }
            write(out, args);
            return read(in);
        }
    }

    @Override
    public void close() throws IOException {
        if (external == null) {
            stop();
        }
    }

    // ---- embedded server ----------------------------------------------------------------------------------

    private void launch() throws IOException {
        Path log = Path.of("target", "redis-" + port + ".log");
        Files.createDirectories(log.getParent());
        RedisServer next = RedisServer.newRedisServer()
                .port(port)
                .setting("bind 127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .soutListener(line -> append(log, line))
                .serrListener(line -> append(log, "[stderr] " + line))
                .build();
        Set<Long> before = childPids();
        next.start();
        server = next;
        Set<Long> started = childPids();
        started.removeAll(before);
        process = started.size() == 1 ? ProcessHandle.of(started.iterator().next()).orElse(null) : null;
        awaitCondition(() -> {
            try {
                return "PONG".equals(command("PING"));
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(20), () -> "the embedded redis-server on port " + port + " to answer PING (see " + log + ")");
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private void signal(String name) throws IOException {
        if (server == null) {
            throw new IllegalStateException("the embedded redis-server is not running");
        }
        if (process == null) {
            throw new IllegalStateException("the embedded redis-server's process was not identified at start");
        }
        Signals.send(name, List.of(process.pid()));
    }

    private static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitCondition(BooleanSupplier condition, Duration timeout,
                                       Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    // ---- RESP, the least that tests need ------------------------------------------------------------------

    private static void write(OutputStream out, String[] args) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            buffer.writeBytes(bytes);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(buffer.toByteArray());
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                line(in);
                return value;
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply: " + (type < 0 ? "end of stream" : (char) type + line));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed in a RESP reply");
            }
            out.write(c);
        }
        in.read(); // \n
        return out.toString(StandardCharsets.UTF_8);
    }
}
