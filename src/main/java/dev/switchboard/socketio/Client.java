package dev.switchboard.socketio;

import dev.switchboard.auth.TokenBucket;
import dev.switchboard.engineio.EngineCloseReason;
import dev.switchboard.engineio.EngineSession;
import dev.switchboard.engineio.Handshake;
import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.SocketCodec;
import dev.switchboard.protocol.SocketDecoder;
import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Engine.IO session seen from Socket.IO: decodes its packets, multiplexes its namespaces (one socket each),
 * closes it when no namespace is joined within connectTimeout, and disconnects it (telling it why) when it sends
 * packets faster than its event rate.
 */
final class Client implements ClientConnection {

    private final EngineSession session;
    private final SocketIoServer server;
    private final SocketDecoder decoder;
    /** Every decoded packet the client sends takes a token (switchboard.limits.event-rate / event-burst). */
    private final TokenBucket packets;
    private final AtomicBoolean rateLimited = new AtomicBoolean();
    private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> connectTimer;
    private final String tokenParameter;

    Client(EngineSession session, SocketIoServer server, SocketIoConfig config) {
        this.session = session;
        this.tokenParameter = config.tokenQueryParameter();
        this.server = server;
        this.decoder = new SocketDecoder(config.maxAttachments());
        this.packets = new TokenBucket(config.eventRate(), config.eventBurst(), System::nanoTime);
        this.connectTimer = server.schedule(() -> {
            if (sockets.isEmpty()) {
                session.close();
            }
        }, java.time.Duration.ofMillis(config.connectTimeout()));
    }

    @Override
    public String transport() {
        return session.transport().wireName();
    }

    /** The handshake as handlers see it: tokens are redacted (the header, the query parameter, auth.token). */
    @Override
    public SocketHandshake handshake(JsonObject auth) {
        Handshake h = session.handshake();
        return SocketHandshake.redacted(h.headers(), h.query(), h.remoteAddress(), h.url(), h.issued(),
                auth == null ? JsonObject.EMPTY_JSON_OBJECT : auth, tokenParameter);
    }

    /** The bearer token of the Engine.IO handshake's Authorization header, else its token query parameter. */
    @Override
    public String credential() {
        Handshake h = session.handshake();
        String authorization = h.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return h.query().get(tokenParameter);
    }

    @Override
    public void send(List<EnginePacket> messages) {
        session.send(messages);
    }

    @Override
    public boolean sendIfReady(List<EnginePacket> messages) {
        return session.sendIfReady(messages);
    }

    @Override
    public void closeConnection() {
        session.close();
    }

    /** Registers a socket for its namespace; false when the client is already connected there. */
    @Override
    public boolean adopt(SocketIoSocket socket) {
        return sockets.putIfAbsent(socket.namespace().name(), socket) == null;
    }

    @Override
    public void forget(SocketIoSocket socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    /**
     * An Engine.IO message: decode (text, or an awaited attachment) and act on a complete packet, unless the client
     * is over its packet rate: then that packet is dropped and the connection is closed with a notice.
     */
    void onMessage(EnginePacket message) {
        if (rateLimited.get()) {
            return;
        }
        SocketPacket packet;
        try {
            synchronized (decoder) {
                packet = message.isBinary() ? decoder.decode(message.binary()) : decoder.decode(message.text());
            }
        } catch (ProtocolException e) {
            session.close(EngineCloseReason.PARSE_ERROR);
            return;
        }
        if (packet == null) {
            return;
        }
        if (!packets.tryTake()) {
            if (rateLimited.compareAndSet(false, true)) {
                closeWithNotice(DisconnectReason.RATE_LIMITED);
            }
            return;
        }
        handle(packet);
    }

    private void handle(SocketPacket packet) {
        SocketIoSocket socket = sockets.get(packet.namespace());
        switch (packet.type()) {
            case CONNECT -> {
                SocketIoNamespace namespace = server.namespace(packet.namespace());
                if (namespace == null) {
                    send(SocketCodec.encodeMessages(SocketPacket.connectError(packet.namespace(),
                            JsonBuilders.object().add("message", "Invalid namespace").build())));
                    return;
                }
                ScheduledFuture<?> timer = connectTimer;
                if (timer != null) {
                    timer.cancel(false);
                    connectTimer = null;
                }
                namespace.connect(this, packet.data() instanceof JsonObject auth ? auth : null);
            }
            case DISCONNECT -> {
                if (socket != null) {
                    socket.close(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, false);
                }
            }
            case EVENT, BINARY_EVENT -> {
                if (socket != null && socket.connected()) {
                    socket.namespace().counters().countEventIn();
                    Ack ack = packet.ackId() == null ? null : socket.ackFor(packet.ackId());
                    IncomingEvent event = new IncomingEvent(packet.eventName(),
                            new Arguments(packet.arguments(), packet.attachments()), ack);
                    if (Gatekeeper.REFRESH_EVENT.equals(event.name())) {
                        socket.namespace().refresh(socket, event);
                    } else {
                        socket.namespace().dispatch(socket, event);
                    }
                }
            }
            case ACK, BINARY_ACK -> {
                if (socket != null) {
                    socket.onAck(packet);
                }
            }
            case CONNECT_ERROR -> session.close(EngineCloseReason.PARSE_ERROR);
        }
    }

    /**
     * Ends the whole connection for a policy reason: every socket is told why and disconnected, then the Engine.IO
     * session closes (after the queued packets leave).
     */
    void closeWithNotice(DisconnectReason reason) {
        for (SocketIoSocket socket : List.copyOf(sockets.values())) {
            socket.closeWithNotice(reason);
        }
        session.close(EngineCloseReason.FORCED_CLOSE);
    }

    /** The connection ended: every socket leaves with the matching reason. */
    void onClose(EngineCloseReason reason) {
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        DisconnectReason why = DisconnectReason.of(reason);
        for (SocketIoSocket socket : List.copyOf(sockets.values())) {
            socket.close(why, false);
        }
    }
}
