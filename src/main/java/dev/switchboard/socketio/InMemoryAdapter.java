package dev.switchboard.socketio;

import dev.switchboard.engineio.WriteLanes;
import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.SocketCodec;
import dev.switchboard.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The single-node adapter: rooms in memory, broadcasts delivered to this node's sockets. Cluster adapters extend
 * it and use its {@code local…} methods for the part of each operation that happens on this node.
 */
public class InMemoryAdapter implements Adapter {

    /** Broadcasts to this many local sockets or more leave the socket writes to the engine's writer threads. */
    static final int WRITE_LANES_FROM = 16;
    private static final SocketIoSocket[] NO_SOCKETS = new SocketIoSocket[0];

    protected final SocketIoNamespace namespace;
    private final Rooms rooms = new Rooms();

    public InMemoryAdapter(SocketIoNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public void join(String socketId, Collection<String> names) {
        rooms.join(socketId, names);
    }

    @Override
    public void leave(String socketId, String room) {
        rooms.leave(socketId, room);
    }

    @Override
    public void leaveAll(String socketId) {
        rooms.leaveAll(socketId);
    }

    @Override
    public Set<String> roomsOf(String socketId) {
        return rooms.roomsOf(socketId);
    }

    @Override
    public Map<String, Integer> roomSizes() {
        return rooms.sizes();
    }

    /** True when at least one local socket is in the room (a cluster adapter skips messages for other rooms). */
    protected boolean hasRoom(String room) {
        return rooms.sizes().containsKey(room);
    }

    @Override
    public void broadcast(SocketPacket packet, BroadcastOptions options) {
        localBroadcast(packet, options);
    }

    @Override
    public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
                                 Consumer<Arguments> ack) {
        clientCount.accept(localBroadcastWithAck(packet, options, ack));
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
        return CompletableFuture.completedFuture(localFetch(options));
    }

    @Override
    public void addSockets(BroadcastOptions options, Collection<String> names) {
        localSockets(options).forEach(s -> s.joinPermitted(names));
    }

    @Override
    public void delSockets(BroadcastOptions options, Collection<String> names) {
        localSockets(options).forEach(s -> names.forEach(s::leave));
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        localSockets(options).forEach(s -> s.disconnect(close));
    }

    // ---- this node's part ---------------------------------------------------------------------------------

    /**
     * Delivers the packet (encoded once) to this node's selected sockets. The packet is queued for every socket
     * here, in order; for {@value #WRITE_LANES_FROM} sockets or more the socket writes go to the engine's writer
     * threads ({@link WriteLanes}), so a large fan-out uses every core instead of the thread that emitted.
     */
    protected final void localBroadcast(SocketPacket packet, BroadcastOptions options) {
        List<EnginePacket> encoded = SocketCodec.encodeMessages(packet);
        List<SocketIoSocket> targets = localSockets(options);
        fanOut(targets, () -> {
            for (SocketIoSocket socket : targets) {
                if (socket.deliver(encoded, options.isVolatile())) {
                    namespace.counters().countDelivery();
                }
            }
        });
    }

    /** Delivers a packet with an ack id to this node's selected sockets; returns how many got it. */
    protected final int localBroadcastWithAck(SocketPacket packet, BroadcastOptions options, Consumer<Arguments> ack) {
        List<EnginePacket> encoded = SocketCodec.encodeMessages(packet);
        List<SocketIoSocket> targets = localSockets(options);
        fanOut(targets, () -> {
            for (SocketIoSocket socket : targets) {
                socket.expectAck(packet.ackId(), ack);
                if (socket.deliver(encoded, options.isVolatile())) {
                    namespace.counters().countDelivery();
                }
            }
        });
        return targets.size();
    }

    private static void fanOut(List<SocketIoSocket> targets, Runnable delivery) {
        if (targets.size() >= WRITE_LANES_FROM) {
            WriteLanes.deferring(delivery);
        } else {
            delivery.run();
        }
    }

    protected final List<SocketDetails> localFetch(BroadcastOptions options) {
        List<SocketDetails> out = new ArrayList<>();
        for (SocketIoSocket s : localSockets(options)) {
            out.add(new SocketDetails(s.id(), namespace.name(), s.rooms(), s.handshake(), s.transport(), nodeId(),
                    Map.copyOf(s.data()), s.connectedAt(), s.identity().orElse(null)));
        }
        return out;
    }

    /** This node's name in {@link SocketDetails#node()}. */
    protected String nodeId() {
        return "local";
    }

    /** This node's connected sockets selected by the options (for {@link BroadcastOperator#fetchLocalSockets}). */
    List<SocketIoSocket> localSocketsOf(BroadcastOptions options) {
        return new ArrayList<>(localSockets(options)); // the application's own list, whichever way it was made
    }

    /** This node's connected sockets selected by the options. */
    protected final List<SocketIoSocket> localSockets(BroadcastOptions options) {
        List<SocketIoSocket> out = new ArrayList<>();
        if (options.rooms().isEmpty()) {
            if (options.except().isEmpty()) {
                // one copy (addAll would make two: the view's array, then the list's): this runs per broadcast
                return Arrays.asList(namespace.connectedSockets().toArray(NO_SOCKETS));
            }
            Set<String> excluded = excluded(options.except());
            for (SocketIoSocket s : namespace.connectedSockets()) {
                if (!excluded.contains(s.id())) {
                    out.add(s);
                }
            }
            return out;
        }
        for (String id : rooms.members(options.rooms(), options.except())) {
            SocketIoSocket s = namespace.connected(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Set<String> excluded(Set<String> except) {
        Set<String> all = new HashSet<>();
        for (SocketIoSocket s : namespace.connectedSockets()) {
            all.add(s.id());
        }
        Set<String> kept = new HashSet<>(all);
        rooms.removeExcepted(kept, except);
        all.removeAll(kept);
        return all;
    }
}
