package dev.switchboard.socketio;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The official Java Socket.IO client ({@code io.socket:socket.io-client}) wrapped for tests: every event it gets
 * lands in a queue per event name, so tests wait on arrivals instead of sleeping.
 */
public final class IoClient implements AutoCloseable {

    /** Transport choices a test runs with. */
    public enum Transports {
        WEBSOCKET("websocket"),
        POLLING("polling"),
        UPGRADE("polling", "websocket");

        final String[] names;

        Transports(String... names) {
            this.names = names;
        }
    }

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Socket socket;
    private final String description;
    private final Map<String, BlockingQueue<Object[]>> events = new ConcurrentHashMap<>();

    private IoClient(Socket socket, String description) {
        this.socket = socket;
        this.description = description;
    }

    /** A connected client on its own connection (no multiplexing with other tests' clients). */
    public static IoClient connect(URI base, String namespace, Transports transports, Map<String, String> auth) {
        IoClient client = create(base, namespace, transports, auth);
        Object[] connected = client.await(Socket.EVENT_CONNECT, Socket.EVENT_CONNECT_ERROR);
        if (connected.length > 0 && "!" .equals(connected[0])) {
            throw new AssertionError("connect failed: " + connected[1]);
        }
        return client;
    }

    /** Connected over WebSocket with a raw handshake query string (e.g. a token parameter). */
    public static IoClient connectWithQuery(URI base, String namespace, String query) {
        IoClient client = create(base, namespace, Transports.WEBSOCKET, Map.of(), query, Map.of());
        Object[] connected = client.await(Socket.EVENT_CONNECT, Socket.EVENT_CONNECT_ERROR);
        if (connected.length > 0 && "!".equals(connected[0])) {
            throw new AssertionError("connect failed: " + connected[1]);
        }
        return client;
    }

    public static IoClient connect(URI base, Transports transports) {
        return connect(base, "/", transports, Map.of());
    }

    /** A client connected to {@code /} whose HTTP requests carry extra headers (e.g. {@code X-Forwarded-For}). */
    public static IoClient connectWithHeaders(URI base, Transports transports, Map<String, String> headers) {
        return connectWithHeaders(base, "/", transports, headers);
    }

    /** A connected client whose HTTP requests carry extra headers (e.g. {@code X-Forwarded-For}). */
    public static IoClient connectWithHeaders(URI base, String namespace, Transports transports,
                                              Map<String, String> headers) {
        IoClient client = create(base, namespace, transports, Map.of(), null, headers);
        Object[] connected = client.await(Socket.EVENT_CONNECT, Socket.EVENT_CONNECT_ERROR);
        if (connected.length > 0 && "!".equals(connected[0])) {
            throw new AssertionError("connect failed: " + connected[1]);
        }
        return client;
    }

    /** A client that has started connecting; the test awaits connect or connect_error itself. */
    public static IoClient create(URI base, String namespace, Transports transports, Map<String, String> auth) {
        return create(base, namespace, transports, auth, null, Map.of());
    }

    private static IoClient create(URI base, String namespace, Transports transports, Map<String, String> auth,
                                   String query, Map<String, String> headers) {
        Map<String, List<String>> extraHeaders = new java.util.HashMap<>();
        headers.forEach((k, v) -> extraHeaders.put(k, List.of(v)));
        IO.Options options = IO.Options.builder()
                .setQuery(query)
                .setExtraHeaders(extraHeaders)
                .setPath(enginePath(base))
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(transports.names)
                .setUpgrade(transports == Transports.UPGRADE)
                .setAuth(auth)
                .setTimeout(10_000)
                .build();
        Socket socket = IO.socket(base.resolve(namespace), options);
        IoClient client = new IoClient(socket, namespace + " over " + transports);
        socket.onAnyIncoming(args -> client.queue((String) args[0]).add(java.util.Arrays.copyOfRange(args, 1, args.length)));
        for (String reserved : List.of(Socket.EVENT_CONNECT, Socket.EVENT_CONNECT_ERROR, Socket.EVENT_DISCONNECT)) {
            socket.on(reserved, args -> client.queue(reserved).add(args));
        }
        socket.connect();
        return client;
    }

    /** The engine path under the deployment's context root (the Java client's {@code path} option). */
    public static String enginePath(URI base) {
        return base.getPath() + "socket.io/";
    }

    public Socket socket() {
        return socket;
    }

    public String id() {
        return socket.id();
    }

    public Manager manager() {
        return socket.io();
    }

    public void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    /** Emits with an acknowledgement callback and waits for it; returns the ack's arguments. */
    public Object[] emitWithAck(String event, Object... args) {
        CompletableFuture<Object[]> acked = new CompletableFuture<>();
        Object[] withAck = java.util.Arrays.copyOf(args, args.length + 1);
        withAck[args.length] = (Ack) acked::complete;
        socket.emit(event, withAck);
        try {
            return acked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ack for '" + event + "' within " + WAIT + " (" + description + ")", e);
        }
    }

    /** Waits for the next arrival of an event; returns its arguments. */
    public Object[] await(String event) {
        return await(event, WAIT);
    }

    public Object[] await(String event, Duration timeout) {
        try {
            Object[] args = queue(event).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (args == null) {
                throw new AssertionError("'" + event + "' did not arrive within " + timeout + " (" + description + ")");
            }
            return args;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True when nothing named {@code event} has arrived (and was not consumed yet). */
    public boolean nothingQueued(String event) {
        return queue(event).isEmpty();
    }

    /** Waits for whichever of two events comes first; a connect error is reported as {@code ["!", error]}. */
    private Object[] await(String success, String failure) {
        return dev.switchboard.testing.Await.value("'" + success + "' or '" + failure + "' (" + description + ")", WAIT,
                () -> {
                    Object[] ok = queue(success).poll();
                    if (ok != null) {
                        return ok;
                    }
                    Object[] err = queue(failure).poll();
                    return err == null ? null : new Object[] {"!", err.length > 0 ? err[0] : null};
                }, java.util.Objects::nonNull);
    }

    private BlockingQueue<Object[]> queue(String event) {
        return events.computeIfAbsent(event, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        socket.disconnect();
    }
}
