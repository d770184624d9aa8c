package dev.switchboard.socketio;

import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.SocketDecoder;
import dev.switchboard.protocol.SocketPacket;
import dev.switchboard.protocol.SocketPacketType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client connection without a network, for adapter tests: it decodes and records every packet the server sends,
 * lets a test wait for events by name, and, when told to, acknowledges every event that asks for it with its own
 * name, the way a client's ack callback would.
 * <p>
 * A packet the decoder rejects is recorded as an error and fails the next wait: throwing from {@link #send}
 * would land on a server thread (a Redis subscriber, say) instead of the test.
 */
final class RecordingConnection implements ClientConnection {

    private final String name;
    private final int node;
    private final SocketDecoder decoder = new SocketDecoder(16);
    private final List<SocketPacket> packets = new ArrayList<>();
    private final List<ProtocolException> errors = new ArrayList<>();
    private final Map<String, Integer> taken = new HashMap<>();
    private volatile boolean ready = true;
    private volatile boolean answersAcks;
    private volatile boolean closed;
    private volatile SocketIoSocket socket;

    /** A connection named {@code name} (its ack answer) to the node numbered {@code node} in a test. */
    RecordingConnection(String name, int node) {
        this.name = name;
        this.node = node;
    }

    String name() {
        return name;
    }

    int node() {
        return node;
    }

    /** The socket the namespace created on this connection (kept after it disconnected, for inspection). */
    SocketIoSocket socket() {
        return socket;
    }

    /** The socket's id. */
    String id() {
        return socket.id();
    }

    /** From now on, acknowledges every event that asks for it, with one argument: this connection's name. */
    RecordingConnection answeringAcks() {
        answersAcks = true;
        return this;
    }

    /** While not ready, volatile packets ({@link #sendIfReady}) are dropped, as a busy transport drops them. */
    void ready(boolean value) {
        ready = value;
    }

    /** Whether the server ended the whole connection. */
    boolean closed() {
        return closed;
    }

    /** Every event received so far with this name, in order. */
    synchronized List<SocketPacket> events(String event) {
        List<SocketPacket> out = new ArrayList<>();
        for (SocketPacket p : packets) {
            if (isEvent(p) && p.eventName().equals(event)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every packet of this type received so far, in order. */
    synchronized List<SocketPacket> packets(SocketPacketType type) {
        return packets.stream().filter(p -> p.type() == type).toList();
    }

    /** Whether a packet of this type arrived. */
    synchronized boolean received(SocketPacketType type) {
        return packets.stream().anyMatch(p -> p.type() == type);
    }

    /**
     * The next event with this name that no earlier call returned, waiting for it up to {@code timeout}.
     *
     * @throws AssertionError when none arrives in time, or when the server sent something undecodable
     */
    synchronized SocketPacket awaitEvent(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!errors.isEmpty()) {
                throw new AssertionError(name + " received an undecodable packet", errors.get(0));
            }
            List<SocketPacket> matching = events(event);
            int next = taken.getOrDefault(event, 0);
            if (matching.size() > next) {
                taken.put(event, next + 1);
                return matching.get(next);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " got no '" + event + "' event within " + timeout
                        + " (received: " + packets + ")");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Answers an event that asked for an acknowledgement, as the client's ack callback would. */
    void acknowledge(SocketPacket event, String answer) {
        if (event.ackId() == null) {
            throw new IllegalArgumentException(event + " asks for no acknowledgement");
        }
        socket.onAck(SocketPacket.ack(event.namespace(), event.ackId(), Json.createArrayBuilder().add(answer).build(),
                List.of()));
    }

    // ---- ClientConnection ---------------------------------------------------------------------------------

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public SocketHandshake handshake(JsonObject auth) {
        return new SocketHandshake(Map.of("user-agent", List.of("conformance-test")), Map.of("client", name),
                "127.0.0.1", "/socket.io/?EIO=4&transport=websocket", Instant.now(),
                auth == null ? JsonObject.EMPTY_JSON_OBJECT : auth);
    }

    @Override
    public void send(List<EnginePacket> messages) {
        record(messages);
    }

    @Override
    public boolean sendIfReady(List<EnginePacket> messages) {
        if (ready) {
            record(messages);
        }
        return ready;
    }

    @Override
    public void closeConnection() {
        closed = true;
    }

    @Override
    public boolean adopt(SocketIoSocket candidate) {
        synchronized (this) {
            if (socket != null) {
                return false;
            }
            socket = candidate;
            return true;
        }
    }

    @Override
    public void forget(SocketIoSocket gone) {
        // the reference stays: tests look at a socket's rooms and state after it left
    }

    // ---- recording --------------------------------------------------------------------------------------------

    private void record(List<EnginePacket> messages) {
        List<SocketPacket> decoded = new ArrayList<>();
        synchronized (this) {
            for (EnginePacket message : messages) {
                try {
                    SocketPacket p = message.isBinary() ? decoder.decode(message.binary()) : decoder.decode(message.text());
                    if (p != null) {
                        packets.add(p);
                        decoded.add(p);
                    }
                } catch (ProtocolException e) {
                    errors.add(e);
                }
            }
            notifyAll();
        }
        if (answersAcks) {
            for (SocketPacket p : decoded) {
                if (isEvent(p) && p.ackId() != null) {
                    acknowledge(p, name);
                }
            }
        }
    }

    private static boolean isEvent(SocketPacket p) {
        return p.type() == SocketPacketType.EVENT || p.type() == SocketPacketType.BINARY_EVENT;
    }

    @Override
    public String toString() {
        return "RecordingConnection[" + name + "]";
    }
}
