package dev.switchboard.socketio;

import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.protocol.SocketCodec;
import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonArray;
import dev.switchboard.auth.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * One client connected to one namespace: what {@code socket} is in a Socket.IO handler. Emits never block; what
 * a socket emits while its connect handlers run is held back until the client knows it is connected.
 */
public final class SocketIoSocket {

    /** The event that tells a client why the server is about to disconnect it (rate limit, token expiry). */
    public static final String NOTICE_EVENT = "switchboard:disconnect";

    private enum State { CONNECTING, CONNECTED, DISCONNECTED }

    private final String id;
    private final SocketIoNamespace namespace;
    private final ClientConnection client;
    private final SocketHandshake handshake;
    // data, pendingAcks and heldBack are made when first needed: most sockets never use them, and the three empty
    // ones cost ~150 bytes per connection
    private volatile Map<String, Object> data;
    private volatile Map<Long, Consumer<Arguments>> pendingAcks;
    private List<List<EnginePacket>> heldBack; // guarded by this
    private State state = State.CONNECTING;
    private DisconnectReason closeReason;
    private volatile Identity identity;
    private final Instant connectedAt = Instant.now();
    private ScheduledFuture<?> expiryWarning;
    private ScheduledFuture<?> expiry;

    SocketIoSocket(String id, SocketIoNamespace namespace, ClientConnection client, SocketHandshake handshake) {
        this.id = id;
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
    }

    /** The socket id (distinct from the Engine.IO session id); also the name of the socket's own room. */
    public String id() {
        return id;
    }

    /** When the client asked to connect to the namespace. */
    public Instant connectedAt() {
        return connectedAt;
    }

    public SocketIoNamespace namespace() {
        return namespace;
    }

    public SocketHandshake handshake() {
        return handshake;
    }

    /** Application state kept with the socket (Socket.IO's {@code socket.data}). */
    public Map<String, Object> data() {
        Map<String, Object> d = data;
        if (d == null) {
            synchronized (this) {
                if (data == null) {
                    data = new ConcurrentHashMap<>();
                }
                d = data;
            }
        }
        return d;
    }

    /** The transport the client currently uses: {@code polling} or {@code websocket}. */
    public String transport() {
        return client.transport();
    }

    public synchronized boolean connected() {
        return state == State.CONNECTED;
    }

    /** The rooms the socket is in, its own room included. */
    public Set<String> rooms() {
        return namespace.adapter().roomsOf(id);
    }

    /**
     * Joins rooms. Does nothing once the socket has disconnected.
     *
     * @throws RoomJoinDeniedException when a {@link RoomPolicy} refuses one of the rooms (none is joined then)
     */
    public void join(String... rooms) {
        for (String room : rooms) {
            if (!namespace.mayJoin(this, room)) {
                throw new RoomJoinDeniedException(room);
            }
        }
        synchronized (this) {
            if (state == State.DISCONNECTED) {
                return;
            }
            namespace.adapter().join(id, List.of(rooms));
        }
    }

    /** Joins the rooms the room policies allow and skips the others (bulk joins: {@code socketsJoin}). */
    void joinPermitted(java.util.Collection<String> rooms) {
        String[] allowed = rooms.stream().filter(room -> namespace.mayJoin(this, room)).toArray(String[]::new);
        if (allowed.length > 0) {
            join(allowed);
        }
    }

    /** The verified caller, when the socket connected with a token (kept up to date by refreshes). */
    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    public void leave(String room) {
        namespace.adapter().leave(id, room);
    }

    /** Sends an event to this client. */
    public void emit(String event, Object... args) {
        List<byte[]> attachments = new ArrayList<>();
        JsonArray payload = eventArray(event, args, attachments);
        deliver(SocketCodec.encodeMessages(SocketPacket.event(namespace.name(), null, payload, attachments)), false);
    }

    /**
     * Sends an event and waits for the client's acknowledgement: the future completes with its arguments, or
     * fails with {@link AckTimeoutException} after {@code timeout} (or when the socket disconnects first).
     */
    public CompletableFuture<Arguments> emitWithAck(Duration timeout, String event, Object... args) {
        CompletableFuture<Arguments> result = new CompletableFuture<>();
        long ackId = namespace.nextAckId();
        ScheduledFuture<?> timer = namespace.schedule(() -> {
            if (dropAck(ackId) != null) {
                result.completeExceptionally(new AckTimeoutException("no acknowledgement within " + timeout, List.of()));
            }
        }, timeout);
        expectAck(ackId, arguments -> {
            timer.cancel(false);
            result.complete(arguments);
        });
        List<byte[]> attachments = new ArrayList<>();
        JsonArray payload = eventArray(event, args, attachments);
        deliver(SocketCodec.encodeMessages(SocketPacket.event(namespace.name(), ackId, payload, attachments)), false);
        return result;
    }

    /** Broadcasts to rooms, leaving this socket out (Socket.IO's {@code socket.to(room).emit(...)}). */
    public BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /** Broadcasts to every socket of the namespace except this one, and except those in {@code rooms}. */
    public BroadcastOperator except(String... rooms) {
        return broadcast().except(rooms);
    }

    /** Broadcasts to every socket of the namespace except this one. */
    public BroadcastOperator broadcast() {
        return new BroadcastOperator(namespace).except(id);
    }

    /** Leaves the namespace ("server namespace disconnect"); the connection stays for other namespaces. */
    public void disconnect() {
        disconnect(false);
    }

    /** Leaves the namespace; with {@code close}, ends the whole connection too. */
    public void disconnect(boolean close) {
        close(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, true);
        if (close) {
            client.closeConnection();
        }
    }

    // ---- inside the server ------------------------------------------------------------------------------------

    /**
     * Sets the socket's identity and arms its timers: {@code switchboard:token-expiring} shortly before the
     * token's deadline, and at the deadline a "token expired" disconnect unless a refresh replaced the identity.
     */
    void authenticate(Identity verified, Instant deadline, Duration warning) {
        ScheduledFuture<?> oldWarning;
        ScheduledFuture<?> oldDeadline;
        synchronized (this) {
            identity = verified;
            oldWarning = expiryWarning;
            oldDeadline = expiry;
            expiryWarning = null;
            expiry = null;
            if (verified == null || state == State.DISCONNECTED) {
                cancel(oldWarning, oldDeadline);
                return;
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (!warning.isZero() && left.compareTo(warning) > 0) {
                expiryWarning = namespace.schedule(() -> emit(Gatekeeper.EXPIRING_EVENT, JsonBuilders.object()
                        .add("expiresAt", verified.expiresAt().toEpochMilli())
                        .add("disconnectAt", deadline.toEpochMilli()).build()), left.minus(warning));
            }
            expiry = namespace.schedule(() -> {
                if (identity == verified) {
                    closeWithNotice(DisconnectReason.TOKEN_EXPIRED);
                }
            }, left.isNegative() ? Duration.ZERO : left);
        }
        cancel(oldWarning, oldDeadline);
    }

    private static void cancel(ScheduledFuture<?>... timers) {
        for (ScheduledFuture<?> t : timers) {
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /**
     * Ends the socket for a policy reason the client should see: first the event {@value #NOTICE_EVENT} with
     * {@code {"reason": "..."}}, then the DISCONNECT packet (the client reports "io server disconnect" and does not
     * reconnect on its own).
     */
    void closeWithNotice(DisconnectReason reason) {
        emit(NOTICE_EVENT, JsonBuilders.object().add("reason", reason.reason()).build());
        close(reason, true);
    }

    static JsonArray eventArray(String event, Object[] args, List<byte[]> attachments) {
        var builder = JsonBuilders.array().add(event);
        Payloads.append(builder, args, attachments);
        return builder.build();
    }

    /**
     * Queues encoded messages for the client; volatile ones are dropped unless they can leave at once. The
     * connection is called without this socket's lock held (it may call back into the socket when it fails).
     */
    boolean deliver(List<EnginePacket> messages, boolean isVolatile) {
        SocketCounters counters = namespace.counters();
        synchronized (this) {
            if (state == State.CONNECTING) {
                if (isVolatile) {
                    counters.countVolatileDrop();
                    return false;
                }
                if (heldBack == null) {
                    heldBack = new ArrayList<>(2);
                }
                heldBack.add(messages);
                countEventOut(messages, counters);
                return true;
            }
            if (state == State.DISCONNECTED) {
                return false;
            }
        }
        if (isVolatile) {
            if (!client.sendIfReady(messages)) {
                counters.countVolatileDrop();
                return false;
            }
        } else {
            client.send(messages);
        }
        countEventOut(messages, counters);
        return true;
    }

    /** Counts an EVENT or BINARY_EVENT (their encoding starts with '2' or '5'); acks and the rest are not events. */
    private static void countEventOut(List<EnginePacket> messages, SocketCounters counters) {
        EnginePacket first = messages.get(0);
        if (!first.isBinary() && !first.text().isEmpty()) {
            char type = first.text().charAt(0);
            if (type == '2' || type == '5') {
                counters.countEventOut();
            }
        }
    }

    void expectAck(long ackId, Consumer<Arguments> onAck) {
        Map<Long, Consumer<Arguments>> acks = pendingAcks;
        if (acks == null) {
            synchronized (this) {
                if (pendingAcks == null) {
                    pendingAcks = new ConcurrentHashMap<>();
                }
                acks = pendingAcks;
            }
        }
        acks.put(ackId, onAck);
    }

    /** The waiter of an acknowledgement, taken out; {@code null} when none waits (or no ack was ever expected). */
    private Consumer<Arguments> dropAck(long ackId) {
        Map<Long, Consumer<Arguments>> acks = pendingAcks;
        return acks == null ? null : acks.remove(ackId);
    }

    /**
     * Tells the client it is connected, then sends what was held back, in order. Returns false, sending nothing,
     * when the socket was closed while it was connecting (e.g. its token's deadline passed during its connect
     * handlers): such a socket must never look connected to its client.
     */
    boolean connected(List<EnginePacket> connectPacket) {
        synchronized (this) {
            if (state != State.CONNECTING) {
                return false;
            }
            client.send(connectPacket);
            if (heldBack != null) {
                for (List<EnginePacket> held : heldBack) {
                    client.send(held);
                }
                heldBack = null;
            }
            state = State.CONNECTED;
        }
        return true;
    }

    /** Why the socket left its namespace, or {@code null} while it has not. */
    synchronized DisconnectReason closeReason() {
        return closeReason;
    }

    void onAck(SocketPacket packet) {
        Consumer<Arguments> waiter = dropAck(packet.ackId());
        if (waiter != null) {
            waiter.accept(new Arguments(packet.arguments(), packet.attachments()));
        }
    }

    /** The acknowledgement handlers get for an event that asked for one; the first send wins. */
    Ack ackFor(long ackId) {
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        return args -> {
            if (sent.compareAndSet(false, true)) {
                List<byte[]> attachments = new ArrayList<>();
                JsonArray payload = Payloads.array(args, attachments);
                deliver(SocketCodec.encodeMessages(SocketPacket.ack(namespace.name(), ackId, payload, attachments)),
                        false);
            }
        };
    }

    /**
     * Leaves the namespace: disconnecting handlers (still in rooms), rooms left, the DISCONNECT packet when the
     * server initiated it on a live connection, then disconnect handlers. Runs once.
     */
    void close(DisconnectReason reason, boolean tellClient) {
        synchronized (this) {
            if (state == State.DISCONNECTED) {
                return;
            }
            boolean wasConnected = state == State.CONNECTED;
            state = State.DISCONNECTED;
            if (wasConnected) {
                namespace.counters().countDisconnect(reason);
            }
            closeReason = reason;
            heldBack = null;
            cancel(expiryWarning, expiry);
            if (!wasConnected) {
                namespace.forget(this);
                client.forget(this);
                return;
            }
        }
        namespace.fireDisconnecting(this, reason);
        namespace.forget(this);
        client.forget(this);
        Map<Long, Consumer<Arguments>> acks = pendingAcks;
        if (acks != null) {
            acks.clear();
        }
        if (tellClient) {
            client.send(SocketCodec.encodeMessages(SocketPacket.disconnect(namespace.name())));
        }
        namespace.fireDisconnect(this, reason);
    }

    /** Ends a socket that never got connected (refused by middleware): no handlers ran, nothing to announce. */
    void abandon() {
        synchronized (this) {
            state = State.DISCONNECTED;
            heldBack = null;
        }
        namespace.adapter().leaveAll(id);
    }

    @Override
    public String toString() {
        return "SocketIoSocket[" + namespace.name() + " " + id + "]";
    }
}
