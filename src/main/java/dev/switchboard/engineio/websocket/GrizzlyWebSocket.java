package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineHttp;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.Handshake;
import dev.switchboard.engineio.WriteLanes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.attributes.IndexedAttributeAccessor;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * A WebSocket connection Switchboard reads and writes itself, below the servlet container (Payara's Grizzly), the
 * default where it fits; Tyrus's {@code @ServerEndpoint} stays the portable path everywhere else.
 * <p>
 * Why: a connection upgraded through the servlet API keeps the container's whole HTTP request and response for its
 * life (Grizzly's request with its parameter and header buffers, Catalina's wrappers, Tyrus's session): ~34 KB of
 * heap per idle connection, against ~5 KB for the connection itself. Here the upgrade still goes through the servlet
 * API ({@link HttpServletRequest#upgrade}, so filters, security and the 101 response are the container's), then the
 * connection's reads go to a filter chain of our own (Grizzly's transport filter, then {@link OwnedReader}) and, on the
 * first read, the container's HTTP state is let go: the connection attributes that hold Grizzly HTTP objects and
 * the close listener of the suspended response. Frames are read by {@link FrameDecoder} and written, encoded once
 * per broadcast, into the connection's write queue ({@link GrizzlyDirectWrites}).
 * <p>
 * Only where every step checks out: {@code switchboard.engine.grizzly-websocket} on, a plain (not TLS) connection
 * whose filter chain passes upgraded bytes through ({@link GrizzlyDirectWrites#refusal}), a version-13 request
 * with a key, and the container objects found by field name ({@link ContainerFields}). Anything else, or the
 * first failure (which turns this off for good, with one log line), keeps the request on Tyrus.
 */
final class GrizzlyWebSocket implements WebSocketPeer, FrameDecoder.Sink {

    private static final Logger LOG = Logger.getLogger(GrizzlyWebSocket.class.getName());
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Objects of these classes on an owned connection are the container's HTTP state, let go after the upgrade. */
    private static final String GRIZZLY_HTTP = "org.glassfish.grizzly.http.";
    /** How many attribute slots are looked at for HTTP state (Payara defines a few dozen attributes). */
    private static final int ATTRIBUTE_SLOTS = 256;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PONG = 0xA;
    /** How long a close frame this side sent waits for the client's before the TCP connection ends anyway. */
    private static final long CLOSE_GRACE_MILLIS = 2_000;
    static final Attribute<GrizzlyWebSocket> OWNER =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(GrizzlyWebSocket.class.getName());
    /** Our filter chain per container transport filter (one per network listener). */
    private static final Map<Filter, FilterChain> CHAINS = new ConcurrentHashMap<>();
    private static final AtomicLong OPENED = new AtomicLong();
    private static final AtomicLong RELEASED = new AtomicLong();
    private static volatile boolean unavailable;
    private static volatile boolean releaseLogged;

    private final Connection<?> connection;
    private final EngineServer server;
    /** The upgrade request's handshake, until the transport has taken it ({@link #start}). */
    private Handshake handshake;
    private final GrizzlyDirectWrites writes;
    private final FrameDecoder decoder;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile WebSocketTransport transport;
    /** Read thread only: the container's HTTP state has been let go. */
    private boolean released;
    /** The container chain's idle-timeout filter, to take this connection off its watch ({@link #start}). */
    private volatile IdleTimeoutFilter containerIdle;
    /** The container's upgrade handler of this connection, and where to say it is done with (on close). */
    private volatile GrizzlyUpgradeHandler upgradeHandler;
    private volatile ContainerUpgradeHandlers containerHandlers;

    private GrizzlyWebSocket(Connection<?> connection, EngineServer server, Handshake handshake) {
        this.connection = connection;
        this.server = server;
        this.handshake = handshake;
        this.writes = GrizzlyDirectWrites.on(connection);
        this.decoder = new FrameDecoder(server.config().maxPayload(), this);
    }

    /** How many connections were upgraded here since the application started (for monitoring and tests). */
    static long opened() {
        return OPENED.get();
    }

    /** How many of them let the container's HTTP state go. */
    static long released() {
        return RELEASED.get();
    }

    /**
     * Upgrades an accepted Engine.IO WebSocket request (the upgrade filter checked it) to a connection of our own,
     * or returns {@code false}, having touched nothing, when this path does not fit: the caller passes it on to
     * Tyrus.
     */
    static boolean upgrade(HttpServletRequest req, HttpServletResponse resp, EngineServer server)
            throws IOException, ServletException {
        if (unavailable || !server.config().fastPaths().grizzlyWebSocket() || req.isSecure()) {
            return false;
        }
        String key = req.getHeader("Sec-WebSocket-Key");
        String connectionHeader = req.getHeader("Connection");
        if (key == null || key.isBlank() || !"13".equals(req.getHeader("Sec-WebSocket-Version"))
                || connectionHeader == null || !connectionHeader.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return false; // Tyrus answers these with the right refusal
        }
        Connection<?> connection = connectionOf(req);
        if (connection == null || GrizzlyDirectWrites.refusal(connection) != null || chainFor(connection) == null) {
            return false;
        }
        GrizzlyWebSocket socket;
        try {
            socket = new GrizzlyWebSocket(connection, server, handshake(req));
        } catch (RuntimeException e) {
            turnOff("the connection has no write queue to write frames into: " + e);
            return false;
        }
        resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        resp.setHeader("Upgrade", "websocket");
        resp.setHeader("Connection", "Upgrade");
        resp.setHeader("Sec-WebSocket-Accept", accept(key.trim()));
        socket.containerHandlers = ContainerUpgradeHandlers.of(req);
        socket.upgradeHandler = req.upgrade(GrizzlyUpgradeHandler.class);
        socket.upgradeHandler.prepare(socket);
        return true;
    }

    /** RFC 6455 section 4.2.2: the base64 SHA-1 of the key and the protocol's GUID. */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The same handshake record the Tyrus path builds: headers by lower-case name, query, peer address, URL. */
    private static Handshake handshake(HttpServletRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(EngineHttp.REMOTE_ADDRESS_HEADER)) {
                headers.put(lower, List.copyOf(Collections.list(req.getHeaders(name))));
            }
        }
        String query = req.getQueryString();
        String url = req.getRequestURI() + (query == null ? "" : "?" + query);
        return new Handshake(headers, EngineHttp.query(query), req.getRemoteAddr(), url, Instant.now());
    }

    /** Grizzly's connection under a Payara servlet request, or {@code null} (and this path off) when not found. */
    private static Connection<?> connectionOf(HttpServletRequest req) {
        try {
            Object catalina = ContainerFields.catalinaRequest(req);
            Object grizzly = ContainerFields.inherited(catalina.getClass(), "coyoteRequest").get(catalina);
            Object context = grizzly.getClass().getMethod("getContext").invoke(grizzly);
            if (!(context instanceof FilterChainContext ctx) || ctx.getConnection() == null) {
                throw new ClassCastException("no Grizzly filter chain context: " + context);
            }
            return ctx.getConnection();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            turnOff("the servlet request's Grizzly connection was not found: " + e);
            return null;
        }
    }

    /** The container's processor of a connection not yet owned: its own, or else its listener's. */
    private static Processor<?> containerProcessor(Connection<?> connection) {
        Processor<?> own = connection.getProcessor();
        return own != null ? own : connection.getTransport().getProcessor();
    }

    /** Our chain for the connection's listener: its transport filter, then {@link OwnedReader}. */
    static FilterChain chainFor(Connection<?> connection) {
        Processor<?> processor = containerProcessor(connection);
        if (!(processor instanceof FilterChain container) || container.isEmpty()
                || !"org.glassfish.grizzly.filterchain.TransportFilter".equals(container.get(0).getClass().getName())) {
            turnOff("the listener's filter chain does not start with Grizzly's transport filter: " + processor);
            return null;
        }
        return CHAINS.computeIfAbsent(container.get(0), transportFilter -> FilterChainBuilder.stateless()
                .add(transportFilter).add(new OwnedReader(List.copyOf(container.subList(1, container.size())))).build());
    }

    private static void turnOff(String why) {
        if (!unavailable) {
            unavailable = true;
            LOG.log(Level.INFO, "WebSocket connections stay on Tyrus: {0}", why);
        }
    }

    /**
     * Called once the container has handled the upgrade request and hands the connection over
     * ({@link GrizzlyUpgradeHandler#init}). Reads go to our chain from here; the 101 response leaves before any
     * frame; then the Engine.IO transport opens (its first write is the open packet) and reads start.
     */
    synchronized void start(WebConnection wc) {
        try {
            OWNER.set(connection, this);
            containerIdle = ContainerIdleTimeout.of(containerProcessor(connection));
            connection.setProcessor(chainFor(connection));
            connection.addCloseListener((CloseListener<Connection<?>, ?>) (closed, type) -> connectionClosed());
            wc.getOutputStream().flush();
            transport = WebSocketTransport.accept(server, this, handshake);
            handshake = null;
            OPENED.incrementAndGet();
            connection.enableIOEvent(IOEvent.READ);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "owned WebSocket failed to start", e);
            connection.closeSilently();
        }
    }

    /** Bytes from the client, on a Grizzly worker thread (one at a time per connection). */
    void read(Buffer in) {
        if (!released) {
            released = true;
            synchronized (this) {
                // start() has returned: the transport is set
            }
            releaseContainerState();
        }
        try {
            decoder.feed(in.toByteBuffer());
        } finally {
            in.tryDispose();
        }
    }

    /**
     * Lets go of the upgrade request's HTTP objects: the connection attributes that hold Grizzly HTTP state (the
     * request in progress, keep-alive state) and the close listener of the suspended response (it holds the
     * response, and through it the request and Catalina's wrappers); and takes the connection off the container's
     * idle-timeout watch ({@link ContainerIdleTimeout}). Done on the first read, when the container's
     * own handling of the upgrade request has long returned; until then that state is still in use. A field that
     * is not found leaves the state in place (memory, not correctness) and is logged once.
     */
    private void releaseContainerState() {
        ContainerIdleTimeout.forget(containerIdle, connection);
        AttributeHolder attributes = connection.getAttributes();
        IndexedAttributeAccessor slots = attributes == null ? null : attributes.getIndexedAttributeAccessor();
        if (slots != null) {
            for (int i = 0; i < ATTRIBUTE_SLOTS; i++) {
                Object value = slots.getAttribute(i);
                if (value != null && value.getClass().getName().startsWith(GRIZZLY_HTTP)) {
                    slots.removeAttribute(i);
                }
            }
        }
        try {
            Object field = ContainerFields.inherited(connection.getClass(), "closeListeners").get(connection);
            if (!(field instanceof Collection<?> listeners)) {
                throw new ClassCastException("not a collection: " + field);
            }
            List<Object> copy;
            synchronized (listeners) {
                copy = new ArrayList<>(listeners);
            }
            for (Object listener : copy) {
                if (listener.getClass().getName().startsWith(GRIZZLY_HTTP)) {
                    connection.removeCloseListener((CloseListener<?, ?>) listener);
                }
            }
            RELEASED.incrementAndGet();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!releaseLogged) {
                releaseLogged = true;
                LOG.log(Level.INFO, "owned WebSocket connections keep the container''s HTTP state: {0}", e.toString());
            }
        }
    }

    private void connectionClosed() {
        // closed before its first read, it was not taken off the container's idle-timeout map yet
        ContainerIdleTimeout.forget(containerIdle, connection);
        report(1006, false);
        GrizzlyUpgradeHandler handler = upgradeHandler;
        ContainerUpgradeHandlers handlers = containerHandlers;
        if (handler != null && handlers != null) {
            upgradeHandler = null;
            // with the application's context: the container's listener runs there (a lane thread may have none)
            WriteLanes.offLane(() -> handlers.destroyed(handler));
        }
    }

    /** Tells the transport once that the connection is gone. */
    private void report(int code, boolean error) {
        WebSocketTransport t = transport;
        if (t == null || !reported.compareAndSet(false, true)) {
            return;
        }
        if (error) {
            t.onError(null);
        } else {
            t.onClosed(code);
        }
    }

    // ---- WebSocketPeer

    @Override
    public RawFrames raw() {
        return writes;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        throw new UnsupportedOperationException("owned connections write raw frames");
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        throw new UnsupportedOperationException("owned connections write raw frames");
    }

    /**
     * Starts the close handshake: the close frame, then the TCP connection ends when the client answers with its
     * own (see {@link #closed}), or after {@value #CLOSE_GRACE_MILLIS} ms. Meanwhile whatever the client still
     * sends is read and dropped, so a client in the middle of a large message still reads the close frame.
     */
    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        writes.write(closeFrame(code, reason), result -> {
            if (!result.isOK()) {
                connection.closeSilently();
            }
        });
        server.schedule(connection::closeSilently, CLOSE_GRACE_MILLIS);
    }

    /** A close frame with the code and as much of the reason as fits a control frame (123 bytes of UTF-8). */
    static byte[] closeFrame(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 123);
        while (n > 0 && n < text.length && (text[n] & 0xC0) == 0x80) {
            n--; // do not cut a character in two
        }
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, n);
        return WebSocketFrames.frame(OPCODE_CLOSE, payload);
    }

    // ---- FrameDecoder.Sink (on the read thread)

    @Override
    public void text(String message) {
        WebSocketTransport t = transport;
        if (t != null) {
            t.onText(message);
        }
    }

    @Override
    public void binary(byte[] message) {
        WebSocketTransport t = transport;
        if (t != null) {
            t.onBinary(message);
        }
    }

    @Override
    public void ping(byte[] payload) {
        writes.write(WebSocketFrames.frame(OPCODE_PONG, payload), result -> { });
    }

    @Override
    public void pong(byte[] payload) {
        // Engine.IO has its own heartbeat
    }

    /** The client's close frame: echoed (unless it answers ours), then the TCP connection ends. */
    @Override
    public void closed(int code, String reason) {
        report(code, false);
        if (closing.compareAndSet(false, true)) {
            int echo = code == FrameDecoder.NO_STATUS ? 1000 : code;
            writes.write(closeFrame(echo, ""), result -> connection.closeSilently());
        } else {
            connection.closeSilently();
        }
    }

    @Override
    public void fail(int code, String reason) {
        close(code, reason);
        report(code, code != WebSocketTransport.MESSAGE_TOO_BIG);
    }
}
