package dev.switchboard.socketio;

import dev.switchboard.auth.Identity;
import dev.switchboard.auth.TokenRejection;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.protocol.SocketCodec;
import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One namespace: its sockets, rooms, middleware and handlers, and the broadcast operations of Socket.IO's
 * {@code io.of(name)}. Handlers and middleware may be added at any time; they apply to what happens next.
 */
public final class SocketIoNamespace {

    private static final Logger LOG = Logger.getLogger(SocketIoNamespace.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Scheduler scheduler;
    private final Adapter adapter;
    private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    private final List<ConnectionMiddleware> middleware = new CopyOnWriteArrayList<>();
    private final List<EventMiddleware> eventMiddleware = new CopyOnWriteArrayList<>();
    private final List<Consumer<SocketIoSocket>> connectHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler> anyHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, List<EventHandler>> eventHandlers = new ConcurrentHashMap<>();
    private final List<BiConsumer<SocketIoSocket, DisconnectReason>> disconnectingHandlers = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SocketIoSocket, DisconnectReason>> disconnectHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, List<EventHandler>> serverSideHandlers = new ConcurrentHashMap<>();

    private final Gatekeeper gatekeeper;
    private final SocketCounters counters = new SocketCounters();

    /** A namespace open to anonymous clients (unit tests of rooms, adapters and handlers). */
    SocketIoNamespace(String name, Scheduler scheduler, AdapterFactory adapters) {
        this(name, scheduler, adapters, Gatekeeper.open());
    }

    SocketIoNamespace(String name, Scheduler scheduler, AdapterFactory adapters, Gatekeeper gatekeeper) {
        this.name = name;
        this.scheduler = scheduler;
        this.gatekeeper = gatekeeper;
        this.adapter = adapters.create(this);
    }

    public String name() {
        return name;
    }

    /** This namespace's totals since start (events, deliveries, disconnects...). */
    public SocketCounters counters() {
        return counters;
    }

    // ---- registration -------------------------------------------------------------------------------------

    /** Adds connection middleware (runs before connect handlers; may refuse). */
    public SocketIoNamespace use(ConnectionMiddleware check) {
        middleware.add(check);
        return this;
    }

    /** Adds event middleware (runs before every event's handlers; may drop the event). */
    public SocketIoNamespace useForEvents(EventMiddleware check) {
        eventMiddleware.add(check);
        return this;
    }

    public SocketIoNamespace onConnect(Consumer<SocketIoSocket> handler) {
        connectHandlers.add(handler);
        return this;
    }

    public SocketIoNamespace on(String event, EventHandler handler) {
        eventHandlers.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** A catch-all listener: sees every event before the event's own handlers. */
    public SocketIoNamespace onAny(EventHandler handler) {
        anyHandlers.add(handler);
        return this;
    }

    public SocketIoNamespace onDisconnecting(BiConsumer<SocketIoSocket, DisconnectReason> handler) {
        disconnectingHandlers.add(handler);
        return this;
    }

    public SocketIoNamespace onDisconnect(BiConsumer<SocketIoSocket, DisconnectReason> handler) {
        disconnectHandlers.add(handler);
        return this;
    }

    /**
     * Handles events other nodes send with {@link #serverSideEmit} (Socket.IO's {@code io.on(event)} for
     * server-side emits). The handler gets {@code null} as the socket; {@code event.ack()} answers a node that
     * asked for an acknowledgement.
     */
    public SocketIoNamespace onServerSideEmit(String event, EventHandler handler) {
        serverSideHandlers.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** Sends an event to the server-side handlers of every other node (not to clients). */
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(SocketIoSocket.eventArray(event, args, noBinary()), null);
    }

    /**
     * Sends an event to every other node and collects one answer per node; fails with
     * {@link AckTimeoutException} (carrying the answers that arrived) when a node does not answer in time.
     */
    public java.util.concurrent.CompletableFuture<List<Arguments>> serverSideEmitWithAck(Duration timeout,
                                                                                        String event,
                                                                                        Object... args) {
        return adapter.serverSideEmit(SocketIoSocket.eventArray(event, args, noBinary()), timeout)
                .toCompletableFuture();
    }

    /** Called by cluster adapters with an event another node sent through {@link #serverSideEmit}. */
    public void receiveServerSideEmit(String event, Arguments args, Ack ack) {
        List<EventHandler> handlers = serverSideHandlers.get(event);
        if (handlers == null) {
            return;
        }
        IncomingEvent incoming = new IncomingEvent(event, args, ack);
        for (EventHandler handler : handlers) {
            try {
                handler.handle(null, incoming);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Server-side handler for '" + event + "' failed", e);
            }
        }
    }

    private static List<byte[]> noBinary() {
        return new java.util.AbstractList<>() {
            @Override
            public byte[] get(int index) {
                throw new IndexOutOfBoundsException(index);
            }

            @Override
            public int size() {
                return 0;
            }

            @Override
            public boolean add(byte[] bytes) {
                throw new IllegalArgumentException("server-side emits carry JSON only, not binary");
            }
        };
    }

    // ---- broadcasting -------------------------------------------------------------------------------------

    /** Emits to every socket of the namespace. */
    public void emit(String event, Object... args) {
        new BroadcastOperator(this).emit(event, args);
    }

    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperator(this).to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return new BroadcastOperator(this).except(rooms);
    }

    /** Only this node (no effect until the namespace is clustered). */
    public BroadcastOperator local() {
        return new BroadcastOperator(this).local();
    }

    /** Drops the packet for clients that cannot take it at once. */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(this).asVolatile();
    }

    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastOperator(this).timeout(timeout);
    }

    // ---- inspection ---------------------------------------------------------------------------------------

    /** The connected sockets of this namespace on this node. */
    public Collection<SocketIoSocket> sockets() {
        return List.copyOf(sockets.values());
    }

    public Optional<SocketIoSocket> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    /** This node's rooms with their member counts (each socket's own room included). */
    public Map<String, Integer> roomSizes() {
        return adapter.roomSizes();
    }

    /** The adapter that keeps this namespace's rooms and reaches its sockets (across the cluster, if any). */
    public Adapter adapter() {
        return adapter;
    }

    // ---- the server's side --------------------------------------------------------------------------------

    SocketIoSocket connected(String id) {
        return sockets.get(id);
    }

    Collection<SocketIoSocket> connectedSockets() {
        return sockets.values();
    }

    /** A fresh acknowledgement id of this namespace (cluster adapters number other nodes' packets with it). */
    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay);
    }

    /** A client asked to join this namespace: middleware, connect handlers, then CONNECT or CONNECT_ERROR. */
    void connect(ClientConnection client, JsonObject auth) {
        SocketIoSocket socket = new SocketIoSocket(newId(), this, client, client.handshake(auth));
        if (!client.adopt(socket)) {
            return;
        }
        adapter.join(socket.id(), List.of(socket.id()));
        try {
            Identity identity = gatekeeper.admit(name, client.credential(), auth);
            if (identity != null) {
                socket.authenticate(identity, gatekeeper.deadline(identity), gatekeeper.refreshWarning());
            }
            for (ConnectionMiddleware check : middleware) {
                check.check(socket);
            }
            for (Consumer<SocketIoSocket> handler : connectHandlers) {
                handler.accept(socket);
            }
        } catch (ConnectionRejectedException e) {
            socket.authenticate(null, null, Duration.ZERO);
            refuse(client, socket, e.getMessage(), e.data());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Connect handler failed for " + socket, e);
            socket.authenticate(null, null, Duration.ZERO);
            refuse(client, socket, "Internal server error", null);
            return;
        }
        sockets.put(socket.id(), socket);
        if (socket.connected(SocketCodec.encodeMessages(
                SocketPacket.connect(name, JsonBuilders.object().add("sid", socket.id()).build())))) {
            counters.countConnect();
        } else {
            // Closed while connecting (its token's deadline passed, its connection closed, a handler disconnected
            // it): refuse it, or the client would believe in a socket the server has already forgotten.
            sockets.remove(socket.id(), socket);
            DisconnectReason why = socket.closeReason();
            refuse(client, socket, why.reason(),
                    why == DisconnectReason.TOKEN_EXPIRED ? Map.of("code", TokenRejection.EXPIRED.code()) : null);
        }
    }

    private void refuse(ClientConnection client, SocketIoSocket socket, String message, Object data) {
        counters.countRefusal();
        socket.abandon();
        client.forget(socket);
        JsonObjectBuilder error = JsonBuilders.object().add("message", message == null ? "Refused" : message);
        if (data != null) {
            error.add("data", Payloads.toJson(data, new java.util.ArrayList<>()));
        }
        client.send(SocketCodec.encodeMessages(SocketPacket.connectError(name, error.build())));
    }

    /** Runs middleware, catch-all and event handlers; handler failures become an error ack, never a disconnect. */
    void dispatch(SocketIoSocket socket, IncomingEvent event) {
        try {
            for (EventMiddleware check : eventMiddleware) {
                check.check(socket, event);
            }
            for (EventHandler handler : anyHandlers) {
                handler.handle(socket, event);
            }
            List<EventHandler> handlers = eventHandlers.get(event.name());
            if (handlers != null) {
                for (EventHandler handler : handlers) {
                    handler.handle(socket, event);
                }
            }
        } catch (EventRejectedException e) {
            event.ack().send(JsonBuilders.object().add("error", String.valueOf(e.getMessage())).build());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Handler for '" + event.name() + "' failed on " + socket, e);
            event.ack().send(JsonBuilders.object().add("error", "Internal server error").build());
        }
    }

    /**
     * A client sent {@value Gatekeeper#REFRESH_EVENT}: a valid token for the same caller replaces the socket's
     * identity and pushes its deadline back. The ack says {@code {"ok":true,"expiresAt":ms}} or
     * {@code {"ok":false,"message":...,"code":...}}; a refused refresh leaves the socket as it was.
     */
    void refresh(SocketIoSocket socket, IncomingEvent event) {
        JsonObjectBuilder answer = JsonBuilders.object();
        try {
            jakarta.json.JsonArray args = event.args().json();
            Identity next = gatekeeper.refresh(name, socket.identity().orElse(null),
                    args.isEmpty() ? JsonValue.NULL : args.get(0));
            socket.authenticate(next, gatekeeper.deadline(next), gatekeeper.refreshWarning());
            answer.add("ok", true).add("expiresAt", next.expiresAt().toEpochMilli());
        } catch (ConnectionRejectedException e) {
            answer.add("ok", false).add("message", e.getMessage());
            if (e.data() instanceof Map<?, ?> data && data.get("code") instanceof String code) {
                answer.add("code", code);
            }
        }
        event.ack().send(answer.build());
    }

    /** Whether the room policies let the socket into the room; a failing policy counts as a refusal. */
    boolean mayJoin(SocketIoSocket socket, String room) {
        if (room.equals(socket.id())) {
            return true;
        }
        try {
            return gatekeeper.mayJoin(socket, room);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A room policy failed for " + socket + " and room " + room, e);
            return false;
        }
    }

    void fireDisconnecting(SocketIoSocket socket, DisconnectReason reason) {
        fire(disconnectingHandlers, socket, reason, "disconnecting");
    }

    void fireDisconnect(SocketIoSocket socket, DisconnectReason reason) {
        fire(disconnectHandlers, socket, reason, "disconnect");
    }

    private void fire(List<BiConsumer<SocketIoSocket, DisconnectReason>> handlers, SocketIoSocket socket,
                      DisconnectReason reason, String what) {
        for (BiConsumer<SocketIoSocket, DisconnectReason> handler : handlers) {
            try {
                handler.accept(socket, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The " + what + " handler failed for " + socket, e);
            }
        }
    }

    /** Removes a socket that left: out of the registry and every room. */
    void forget(SocketIoSocket socket) {
        sockets.remove(socket.id(), socket);
        adapter.leaveAll(socket.id());
    }

    private static String newId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "SocketIoNamespace[" + name + "]";
    }
}
