package dev.switchboard.cluster.redis;

import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.protocol.SocketPacket;
import dev.switchboard.socketio.Arguments;
import dev.switchboard.socketio.BroadcastOptions;
import dev.switchboard.socketio.InMemoryAdapter;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketIoNamespace;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * One namespace's adapter in a Redis cluster, speaking @socket.io/redis-adapter 8.x's channels and messages so Java
 * and Node nodes form one cluster. Every operation does its local part through {@link InMemoryAdapter} and sends
 * the rest to the other nodes; requests that need answers know how many nodes to wait for (the subscribers of the
 * request channel) and give up after {@code switchboard.redis.requests-timeout}.
 */
public class RedisAdapter extends InMemoryAdapter {

    private static final Logger LOG = Logger.getLogger(RedisAdapter.class.getName());

    static final int REMOTE_JOIN = 2;
    static final int REMOTE_LEAVE = 3;
    static final int REMOTE_DISCONNECT = 4;
    static final int REMOTE_FETCH = 5;
    static final int SERVER_SIDE_EMIT = 6;
    static final int BROADCAST = 7;
    static final int BROADCAST_CLIENT_COUNT = 8;
    static final int BROADCAST_ACK = 9;

    private final RedisCluster cluster;
    private final String broadcastChannel;
    private final String requestChannel;
    private final String responseChannel;
    private final String ownResponseChannel;
    /** This node's uid as it appears in its broadcasts, to skip them when Redis hands them back. */
    private final byte[] ownUid;
    private final Map<String, FetchRequest> fetches = new ConcurrentHashMap<>();
    private final Map<String, AckRequest> acks = new ConcurrentHashMap<>();
    private final Map<String, ServerSideRequest> serverSide = new ConcurrentHashMap<>();

    RedisAdapter(SocketIoNamespace namespace, RedisCluster cluster) {
        super(namespace);
        this.cluster = cluster;
        String key = cluster.config().key();
        String nsp = namespace.name();
        broadcastChannel = key + "#" + nsp + "#";
        requestChannel = key + "-request#" + nsp + "#";
        responseChannel = key + "-response#" + nsp + "#";
        ownResponseChannel = responseChannel + cluster.uid() + "#";
        ownUid = cluster.uid().getBytes(StandardCharsets.UTF_8);
    }

    String namespaceName() {
        return namespace.name();
    }

    /** The channels subscribed by name (so PUBSUB NUMSUB counts this node, as Node nodes expect). */
    List<String> exactChannels() {
        return List.of(requestChannel, responseChannel, ownResponseChannel);
    }

    @Override
    protected String nodeId() {
        return cluster.uid();
    }

    @Override
    public void close() {
        cluster.unregister(this);
    }

    // ---- outgoing ---------------------------------------------------------------------------------------------

    @Override
    public void broadcast(SocketPacket packet, BroadcastOptions options) {
        if (!options.local()) {
            String channel = options.rooms().size() == 1
                    ? broadcastChannel + options.rooms().iterator().next() + "#" : broadcastChannel;
            cluster.publish(channel, RedisWire.encodeBroadcast(cluster.uid(), packet, options));
        }
        localBroadcast(packet, options);
    }

    @Override
    public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
                                 Consumer<Arguments> ack) {
        if (!options.local()) {
            String requestId = RedisWire.newRequestId();
            AckRequest request = new AckRequest(clientCount, ack);
            acks.put(requestId, request);
            long timeout = options.timeout() == null ? cluster.config().requestsTimeout().toMillis()
                    : options.timeout().toMillis();
            request.expiry = namespaceSchedule(() -> acks.remove(requestId), timeout);
            cluster.publish(requestChannel, RedisWire.encodeBroadcastRequest(cluster.uid(), requestId, packet, options));
        }
        clientCount.accept(localBroadcastWithAck(packet, options, ack));
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return cluster.subscribers(requestChannel).exceptionally(error -> 1);
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
        List<SocketDetails> local = localFetch(options);
        if (options.local()) {
            return CompletableFuture.completedFuture(local);
        }
        return cluster.subscribers(requestChannel).exceptionally(error -> 1).thenCompose(nodes -> {
            if (nodes <= 1) {
                return CompletableFuture.completedFuture(local);
            }
            String requestId = RedisWire.newRequestId();
            FetchRequest request = new FetchRequest(nodes, local);
            fetches.put(requestId, request);
            request.expiry = namespaceSchedule(() -> {
                if (fetches.remove(requestId) != null) {
                    cluster.redisCounters().countTimeout(RedisCounters.Request.FETCH_SOCKETS);
                    request.result.completeExceptionally(new ClusterTimeoutException("fetchSockets: "
                            + request.answered + " of " + nodes + " nodes answered within "
                            + cluster.config().requestsTimeout()));
                }
            }, cluster.config().requestsTimeout().toMillis());
            cluster.publish(requestChannel, RedisWire.encodeJson(JsonBuilders.object()
                    .add("uid", cluster.uid()).add("requestId", requestId).add("type", REMOTE_FETCH)
                    .add("opts", selection(options)).build()));
            return request.result;
        });
    }

    @Override
    public void addSockets(BroadcastOptions options, Collection<String> rooms) {
        super.addSockets(options, rooms);
        if (!options.local()) {
            publishBulk(REMOTE_JOIN, options, b -> b.add("rooms", Json.createArrayBuilder(rooms)));
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Collection<String> rooms) {
        super.delSockets(options, rooms);
        if (!options.local()) {
            publishBulk(REMOTE_LEAVE, options, b -> b.add("rooms", Json.createArrayBuilder(rooms)));
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        super.disconnectSockets(options, close);
        if (!options.local()) {
            publishBulk(REMOTE_DISCONNECT, options, b -> b.add("close", close));
        }
    }

    @Override
    public CompletionStage<List<Arguments>> serverSideEmit(JsonArray eventAndArgs, java.time.Duration timeout) {
        JsonObjectBuilder request = JsonBuilders.object().add("uid", cluster.uid()).add("type", SERVER_SIDE_EMIT)
                .add("data", eventAndArgs);
        if (timeout == null) {
            cluster.publish(requestChannel, RedisWire.encodeJson(request.build()));
            return CompletableFuture.completedFuture(List.of());
        }
        return cluster.subscribers(requestChannel).exceptionally(error -> 1).thenCompose(nodes -> {
            int others = nodes - 1;
            if (others <= 0) {
                return CompletableFuture.completedFuture(List.<Arguments>of());
            }
            String requestId = RedisWire.newRequestId();
            ServerSideRequest pending = new ServerSideRequest(others);
            serverSide.put(requestId, pending);
            pending.expiry = namespaceSchedule(() -> {
                if (serverSide.remove(requestId) != null) {
                    cluster.redisCounters().countTimeout(RedisCounters.Request.SERVER_SIDE_EMIT);
                    synchronized (pending) {
                        pending.result.completeExceptionally(new dev.switchboard.socketio.AckTimeoutException(
                                "serverSideEmit: " + pending.answers.size() + " of " + others
                                        + " nodes answered within " + timeout, pending.answers));
                    }
                }
            }, timeout.toMillis());
            cluster.publish(requestChannel, RedisWire.encodeJson(request.add("requestId", requestId).build()));
            return pending.result;
        });
    }

    private void publishBulk(int type, BroadcastOptions options, Consumer<JsonObjectBuilder> extra) {
        JsonObjectBuilder b = JsonBuilders.object().add("uid", cluster.uid()).add("type", type)
                .add("opts", selection(options));
        extra.accept(b);
        cluster.publish(requestChannel, RedisWire.encodeJson(b.build()));
    }

    // ---- incoming ---------------------------------------------------------------------------------------------

    /** Handles a message on one of this namespace's channels; false when the channel is not this namespace's. */
    boolean accepts(String channel, byte[] message) {
        try {
            if (channel.startsWith(broadcastChannel)) {
                String room = channel.substring(broadcastChannel.length(), Math.max(broadcastChannel.length(),
                        channel.length() - 1));
                if ((room.isEmpty() || hasRoom(room)) && !RedisWire.sentBy(message, ownUid)) {
                    onBroadcast(RedisWire.decodeBroadcast(message));
                }
                return true;
            }
            if (channel.equals(requestChannel)) {
                onRequest(RedisWire.decodeMessage(message));
                return true;
            }
            if (channel.startsWith(responseChannel)) {
                onResponse(RedisWire.decodeMessage(message));
                return true;
            }
        } catch (IOException e) {
            LOG.fine(() -> "Ignoring a malformed message on " + channel + ": " + e.getMessage());
            return true;
        }
        return false;
    }

    private void onBroadcast(RedisBroadcast message) {
        if (cluster.uid().equals(message.uid()) || !namespace.name().equals(message.packet().namespace())) {
            return;
        }
        localBroadcast(message.packet(), message.options().asLocal());
    }

    private void onRequest(RedisMessage message) {
        JsonObject request = message.body();
        if (cluster.uid().equals(request.getString("uid", null))) {
            return;
        }
        int type = request.getInt("type", -1);
        String requestId = request.getString("requestId", null);
        BroadcastOptions selection = request.containsKey("opts")
                ? RedisWire.optionsOf(request.getJsonObject("opts")).asLocal() : null;
        switch (type) {
            case REMOTE_JOIN -> { if (selection != null) super.addSockets(selection, strings(request, "rooms")); }
            case REMOTE_LEAVE -> { if (selection != null) super.delSockets(selection, strings(request, "rooms")); }
            case REMOTE_DISCONNECT -> {
                if (selection != null) {
                    super.disconnectSockets(selection, request.getBoolean("close", false));
                }
            }
            case REMOTE_FETCH -> {
                if (selection != null && requestId != null) {
                    var sockets = JsonBuilders.array();
                    localFetch(selection).forEach(s -> sockets.add(SocketJson.toJson(s)));
                    respond(JsonBuilders.object().add("requestId", requestId).add("sockets", sockets).build());
                }
            }
            case SERVER_SIDE_EMIT -> onServerSideEmit(request, requestId);
            case BROADCAST -> {
                if (selection == null || requestId == null) {
                    return;
                }
                SocketPacket sent = RedisWire.packetOf(request.getJsonObject("packet"), message.attachments());
                // numbered here, like every node does: the sender's id may be taken on this node (or absent, from Node)
                SocketPacket packet = SocketPacket.event(namespace.name(), namespace.nextAckId(), sent.data().asJsonArray(),
                        sent.attachments());
                int count = localBroadcastWithAck(packet, selection, answer -> {
                    JsonValue first = answer.size() > 0 ? answer.json().get(0) : JsonValue.NULL;
                    cluster.publish(responseChannel, RedisWire.encodeBroadcastAck(requestId, first,
                            answer.attachments()));
                });
                respond(JsonBuilders.object().add("type", BROADCAST_CLIENT_COUNT).add("requestId", requestId)
                        .add("clientCount", count).build());
            }
            default -> { /* a request type this node does not serve (e.g. SOCKETS, ALL_ROOMS): no answer */ }
        }
    }

    private void onServerSideEmit(JsonObject request, String requestId) {
        if (!(request.get("data") instanceof JsonArray data) || data.isEmpty()
                || !(data.get(0) instanceof jakarta.json.JsonString event)) {
            return;
        }
        JsonArray args = Json.createArrayBuilder(data.subList(1, data.size())).build();
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        dev.switchboard.socketio.Ack ack = requestId == null ? null : values -> {
            if (answered.compareAndSet(false, true)) {
                JsonValue first = values.length == 0 ? JsonValue.NULL
                        : dev.switchboard.socketio.Payloads.toJson(values[0], new ArrayList<>());
                respond(JsonBuilders.object().add("type", SERVER_SIDE_EMIT).add("requestId", requestId)
                        .add("data", first).build());
            }
        };
        namespace.receiveServerSideEmit(event.getString(), new Arguments(args, List.of()), ack);
    }

    private void respond(JsonObject response) {
        cluster.publish(responseChannel, RedisWire.encodeJson(response));
    }

    private void onResponse(RedisMessage message) {
        JsonObject response = message.body();
        String requestId = response.getString("requestId", null);
        if (requestId == null) {
            return;
        }
        AckRequest ack = acks.get(requestId);
        if (ack != null) {
            int type = response.getInt("type", -1);
            if (type == BROADCAST_CLIENT_COUNT) {
                ack.clientCount.accept(response.getInt("clientCount", 0));
            } else if (type == BROADCAST_ACK) {
                JsonValue first = response.getOrDefault("packet", JsonValue.NULL);
                ack.ack.accept(new Arguments(JsonBuilders.array().add(first).build(), message.attachments()));
            }
            return;
        }
        ServerSideRequest pending = serverSide.get(requestId);
        if (pending != null && response.getInt("type", -1) == SERVER_SIDE_EMIT) {
            synchronized (pending) {
                JsonValue data = response.getOrDefault("data", JsonValue.NULL);
                pending.answers.add(new Arguments(JsonBuilders.array().add(data).build(), List.of()));
                if (pending.answers.size() >= pending.expected && serverSide.remove(requestId) != null) {
                    pending.expiry.cancel(false);
                    cluster.redisCounters().countCompleted(RedisCounters.Request.SERVER_SIDE_EMIT, pending.startNanos);
                    pending.result.complete(List.copyOf(pending.answers));
                }
            }
            return;
        }
        FetchRequest fetch = fetches.get(requestId);
        if (fetch != null && response.get("sockets") instanceof JsonArray sockets) {
            synchronized (fetch) {
                for (JsonValue s : sockets) {
                    if (s instanceof JsonObject o) {
                        fetch.sockets.add(SocketJson.fromJson(o, namespace.name()));
                    }
                }
                fetch.answered++;
                if (fetch.answered >= fetch.expected && fetches.remove(requestId) != null) {
                    fetch.expiry.cancel(false);
                    cluster.redisCounters().countCompleted(RedisCounters.Request.FETCH_SOCKETS, fetch.startNanos);
                    fetch.result.complete(List.copyOf(fetch.sockets));
                }
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private ScheduledFuture<?> namespaceSchedule(Runnable task, long delayMillis) {
        return cluster.schedule(task, delayMillis);
    }

    private static JsonObject selection(BroadcastOptions options) {
        return JsonBuilders.object()
                .add("rooms", Json.createArrayBuilder(options.rooms()))
                .add("except", Json.createArrayBuilder(options.except()))
                .build();
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        if (o.get(key) instanceof JsonArray a) {
            a.forEach(v -> out.add(v instanceof jakarta.json.JsonString s ? s.getString() : v.toString()));
        }
        return out;
    }

    /** A broadcast with acks sent to other nodes: their client counts and answers come back here. */
    private static final class AckRequest {
        final IntConsumer clientCount;
        final Consumer<Arguments> ack;
        ScheduledFuture<?> expiry;

        AckRequest(IntConsumer clientCount, Consumer<Arguments> ack) {
            this.clientCount = clientCount;
            this.ack = ack;
        }
    }

    /** A server-side emit waiting for {@code expected} other nodes to answer. */
    private static final class ServerSideRequest {
        final int expected;
        final List<Arguments> answers = new ArrayList<>();
        final CompletableFuture<List<Arguments>> result = new CompletableFuture<>();
        final long startNanos = System.nanoTime();
        ScheduledFuture<?> expiry;

        ServerSideRequest(int expected) {
            this.expected = expected;
        }
    }

    /** A fetchSockets waiting for {@code expected} nodes (this one counts as answered). */
    private static final class FetchRequest {
        final int expected;
        final List<SocketDetails> sockets;
        final CompletableFuture<List<SocketDetails>> result = new CompletableFuture<>();
        final long startNanos = System.nanoTime();
        int answered = 1;
        ScheduledFuture<?> expiry;

        FetchRequest(int expected, List<SocketDetails> local) {
            this.expected = expected;
            this.sockets = new ArrayList<>(local);
        }
    }
}
