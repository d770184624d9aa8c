package dev.switchboard.socketio;

import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.SocketCodec;
import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Who gets a broadcast and how: Socket.IO's {@code to/in}, {@code except}, {@code local}, {@code volatile} and
 * {@code timeout}. Immutable: each call returns a new operator. A packet is encoded once, whatever the number of
 * recipients.
 */
public final class BroadcastOperator {

    private final SocketIoNamespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final boolean local;
    private final boolean isVolatile;
    private final Duration timeout;

    BroadcastOperator(SocketIoNamespace namespace) {
        this(namespace, Set.of(), Set.of(), false, false, null);
    }

    private BroadcastOperator(SocketIoNamespace namespace, Set<String> rooms, Set<String> except, boolean local,
                              boolean isVolatile, Duration timeout) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.local = local;
        this.isVolatile = isVolatile;
        this.timeout = timeout;
    }

    /** Only sockets in these rooms (in any of them, when called with several or several times). */
    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, union(rooms, more), except, local, isVolatile, timeout);
    }

    public BroadcastOperator in(String... more) {
        return to(more);
    }

    /** Leaves out sockets in these rooms (a socket id works too: every socket is in its own room). */
    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, union(except, more), local, isVolatile, timeout);
    }

    /** Only this node's sockets (the same as without it until the namespace is clustered). */
    public BroadcastOperator local() {
        return new BroadcastOperator(namespace, rooms, except, true, isVolatile, timeout);
    }

    /** Clients that cannot take the packet at once (a frame in flight, no GET waiting) do not get it. */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, rooms, except, local, true, timeout);
    }

    /** How long {@link #emitWithAck} waits for every recipient's acknowledgement. */
    public BroadcastOperator timeout(Duration value) {
        return new BroadcastOperator(namespace, rooms, except, local, isVolatile, value);
    }

    public boolean isLocal() {
        return local;
    }

    /** Sends the event to every selected socket. */
    public void emit(String event, Object... args) {
        List<byte[]> attachments = new ArrayList<>();
        JsonArray payload = SocketIoSocket.eventArray(event, args, attachments);
        List<EnginePacket> encoded = SocketCodec.encodeMessages(
                SocketPacket.event(namespace.name(), null, payload, attachments));
        for (SocketIoSocket socket : recipients()) {
            socket.deliver(encoded, isVolatile);
        }
    }

    /**
     * Sends the event with an acknowledgement request to every selected socket and collects their answers: the
     * future completes with one {@link Arguments} per recipient, or fails with {@link AckTimeoutException} (which
     * carries the answers that did arrive) when {@link #timeout} passes first.
     *
     * @throws IllegalStateException without a {@link #timeout}
     */
    public CompletableFuture<List<Arguments>> emitWithAck(String event, Object... args) {
        if (timeout == null) {
            throw new IllegalStateException("set timeout(...) before emitWithAck on a broadcast");
        }
        List<SocketIoSocket> targets = recipients();
        CompletableFuture<List<Arguments>> result = new CompletableFuture<>();
        List<Arguments> answers = Collections.synchronizedList(new ArrayList<>());
        if (targets.isEmpty()) {
            result.complete(List.of());
            return result;
        }
        long ackId = namespace.nextAckId();
        ScheduledFuture<?> timer = namespace.schedule(() -> result.completeExceptionally(new AckTimeoutException(
                "only " + answers.size() + " of " + targets.size() + " acknowledgements within " + timeout,
                List.copyOf(answers))), timeout);
        List<byte[]> attachments = new ArrayList<>();
        JsonArray payload = SocketIoSocket.eventArray(event, args, attachments);
        List<EnginePacket> encoded = SocketCodec.encodeMessages(
                SocketPacket.event(namespace.name(), ackId, payload, attachments));
        for (SocketIoSocket socket : targets) {
            socket.expectAck(ackId, arguments -> {
                answers.add(arguments);
                if (answers.size() == targets.size()) {
                    timer.cancel(false);
                    result.complete(List.copyOf(answers));
                }
            });
            socket.deliver(encoded, isVolatile);
        }
        return result;
    }

    /** The selected sockets on this node. */
    public List<SocketIoSocket> fetchSockets() {
        return recipients();
    }

    /** Makes the selected sockets join rooms. */
    public void socketsJoin(String... more) {
        for (SocketIoSocket socket : recipients()) {
            socket.join(more);
        }
    }

    /** Makes the selected sockets leave a room. */
    public void socketsLeave(String room) {
        for (SocketIoSocket socket : recipients()) {
            socket.leave(room);
        }
    }

    /** Disconnects the selected sockets; with {@code close}, their whole connections. */
    public void disconnectSockets(boolean close) {
        for (SocketIoSocket socket : recipients()) {
            socket.disconnect(close);
        }
    }

    private List<SocketIoSocket> recipients() {
        List<SocketIoSocket> out = new ArrayList<>();
        if (rooms.isEmpty()) {
            Set<String> excluded = new HashSet<>();
            if (!except.isEmpty()) {
                Set<String> all = new HashSet<>();
                for (SocketIoSocket s : namespace.connectedSockets()) {
                    all.add(s.id());
                }
                Set<String> kept = new HashSet<>(all);
                namespace.rooms().removeExcepted(kept, except);
                all.removeAll(kept);
                excluded = all;
            }
            for (SocketIoSocket s : namespace.connectedSockets()) {
                if (!excluded.contains(s.id())) {
                    out.add(s);
                }
            }
            return out;
        }
        for (String id : namespace.rooms().members(rooms, except)) {
            SocketIoSocket s = namespace.connected(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, String[] b) {
        Set<String> out = new LinkedHashSet<>(a);
        Collections.addAll(out, b);
        return Set.copyOf(out);
    }
}
