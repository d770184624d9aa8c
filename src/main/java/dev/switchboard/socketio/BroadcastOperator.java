package dev.switchboard.socketio;

import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * Who gets a broadcast and how: Socket.IO's {@code to/in}, {@code except}, {@code local}, {@code volatile} and
 * {@code timeout}. Immutable: each call returns a new operator. The namespace's adapter does the delivery (on
 * this node, and on the others when clustered); a packet is encoded once, whatever the number of recipients.
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

    /** Only this node's sockets. */
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

    /** The selection and flags as the adapter takes them. */
    public BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, local, isVolatile, timeout);
    }

    /** Sends the event to every selected socket. */
    public void emit(String event, Object... args) {
        List<byte[]> attachments = new ArrayList<>();
        JsonArray payload = SocketIoSocket.eventArray(event, args, attachments);
        namespace.adapter().broadcast(SocketPacket.event(namespace.name(), null, payload, attachments), options());
    }

    /**
     * Sends the event with an acknowledgement request to every selected socket and collects their answers: the
     * future completes with one {@link Arguments} per recipient once every node reported its recipients and each
     * of them answered, or fails with {@link AckTimeoutException} (carrying the answers that did arrive) when
     * {@link #timeout} passes first.
     *
     * @throws IllegalStateException without a {@link #timeout}
     */
    public CompletableFuture<List<Arguments>> emitWithAck(String event, Object... args) {
        if (timeout == null) {
            throw new IllegalStateException("set timeout(...) before emitWithAck on a broadcast");
        }
        List<byte[]> attachments = new ArrayList<>();
        JsonArray payload = SocketIoSocket.eventArray(event, args, attachments);
        SocketPacket packet = SocketPacket.event(namespace.name(), namespace.nextAckId(), payload, attachments);
        AckCollector collector = new AckCollector();
        ScheduledFuture<?> timer = namespace.schedule(collector::expire, timeout);
        collector.result.whenComplete((answers, error) -> timer.cancel(false));
        CompletionStage<Integer> servers = local
                ? CompletableFuture.completedFuture(1) : namespace.adapter().serverCount();
        servers.whenComplete((count, error) -> collector.servers(error == null ? count : 1));
        namespace.adapter().broadcastWithAck(packet, options(), collector::clients, collector::answer);
        return collector.result;
    }

    /** The selected sockets, on every node unless {@link #local}. */
    public CompletionStage<List<SocketDetails>> fetchSockets() {
        return namespace.adapter().fetchSockets(options());
    }

    /** The selected sockets of this node, as live objects (synchronous: no other node is asked). */
    public List<SocketIoSocket> fetchLocalSockets() {
        return namespace.adapter() instanceof InMemoryAdapter memory
                ? memory.localSocketsOf(options()) : List.of();
    }

    /** Makes the selected sockets (on every node) join rooms. */
    public void socketsJoin(String... more) {
        namespace.adapter().addSockets(options(), List.of(more));
    }

    /** Makes the selected sockets (on every node) leave rooms. */
    public void socketsLeave(String... rooms) {
        namespace.adapter().delSockets(options(), List.of(rooms));
    }

    /** Disconnects the selected sockets (on every node); with {@code close}, their whole connections. */
    public void disconnectSockets(boolean close) {
        namespace.adapter().disconnectSockets(options(), close);
    }

    private static Set<String> union(Set<String> a, String[] b) {
        Set<String> out = new LinkedHashSet<>(a);
        Collections.addAll(out, b);
        return Set.copyOf(out);
    }

    /** Counts nodes, recipients and answers; complete when every node reported and every recipient answered. */
    private final class AckCollector {
        final CompletableFuture<List<Arguments>> result = new CompletableFuture<>();
        private final List<Arguments> answers = new ArrayList<>();
        private int expectedServers = -1;
        private int reportedServers;
        private int expectedClients;

        synchronized void servers(int count) {
            expectedServers = count;
            check();
        }

        synchronized void clients(int count) {
            reportedServers++;
            expectedClients += count;
            check();
        }

        synchronized void answer(Arguments arguments) {
            answers.add(arguments);
            check();
        }

        synchronized void expire() {
            result.completeExceptionally(new AckTimeoutException("only " + answers.size() + " of "
                    + expectedClients + " acknowledgements within " + timeout, answers));
        }

        private void check() {
            if (expectedServers >= 0 && reportedServers >= expectedServers && answers.size() >= expectedClients) {
                result.complete(List.copyOf(answers));
            }
        }
    }
}
