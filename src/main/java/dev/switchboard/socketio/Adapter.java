package dev.switchboard.socketio;

import dev.switchboard.protocol.SocketPacket;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * How one namespace keeps room membership and reaches sockets: on this node only ({@link InMemoryAdapter}, the
 * default) or across a cluster (the Redis adapter). Membership methods are about this node's sockets; the
 * others act cluster-wide unless the options say {@code local}.
 */
public interface Adapter {

    void join(String socketId, Collection<String> rooms);

    void leave(String socketId, String room);

    void leaveAll(String socketId);

    Set<String> roomsOf(String socketId);

    /** This node's rooms with their member counts. */
    Map<String, Integer> roomSizes();

    /** Sends an event packet to every selected socket. */
    void broadcast(SocketPacket packet, BroadcastOptions options);

    /**
     * Sends an event packet that asks for acknowledgements. Each node reports how many clients it sent it to
     * ({@code clientCount}, called once per node), then each client's answer arrives through {@code ack}.
     */
    void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
                          Consumer<Arguments> ack);

    /** How many nodes answer cluster requests (1 for a single node). */
    CompletionStage<Integer> serverCount();

    CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions options);

    /** Makes the selected sockets join rooms. */
    void addSockets(BroadcastOptions options, Collection<String> rooms);

    /** Makes the selected sockets leave rooms. */
    void delSockets(BroadcastOptions options, Collection<String> rooms);

    void disconnectSockets(BroadcastOptions options, boolean close);

    /**
     * Sends an event to the other nodes' server-side handlers ({@link SocketIoNamespace#onServerSideEmit}). With
     * {@code timeout}, collects each node's answer; without, completes at once with an empty list. JSON only: no
     * binary arguments.
     */
    default CompletionStage<List<Arguments>> serverSideEmit(jakarta.json.JsonArray eventAndArgs,
                                                            java.time.Duration timeout) {
        return java.util.concurrent.CompletableFuture.completedFuture(List.of());
    }

    /** Stops talking to other nodes; called when the application stops. */
    default void close() {
    }
}
