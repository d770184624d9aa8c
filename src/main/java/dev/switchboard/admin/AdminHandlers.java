package dev.switchboard.admin;

import dev.switchboard.api.Roles;
import dev.switchboard.auth.Identity;
import dev.switchboard.cluster.redis.ClusterTimeoutException;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.ConnectionRejectedException;
import dev.switchboard.socketio.OnConnect;
import dev.switchboard.socketio.OnDisconnect;
import dev.switchboard.socketio.OnEvent;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoSocket;
import dev.switchboard.socketio.SocketNamespace;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin dashboard's namespace {@value #NAMESPACE} (policy: role {@code admin}, see
 * {@code META-INF/microprofile-config.properties}; the connect handler checks the role again). Admins get {@code cluster} about once a second from
 * {@link AdminFeed}, and may ask, with an acknowledgement:
 * <ul>
 *   <li>{@code sockets:search} {@code {namespace, query, limit}}: the namespace's sockets on every node
 *       ({@code fetchSockets}) whose id, room or caller's name contains the query; see {@link SocketSearch};</li>
 *   <li>{@code sockets:disconnect} {@code {namespace, id}}: disconnects that socket, on whichever node it is;
 *       the ack is {@code {ok: true, id, node}}.</li>
 * </ul>
 * A refused request is acknowledged with {@code {error: {code, message}}} (codes in {@link AdminError.Code}).
 */
@SocketNamespace(AdminHandlers.NAMESPACE)
public class AdminHandlers {

    public static final String NAMESPACE = "/admin";
    private static final Logger LOG = Logger.getLogger(AdminHandlers.class.getName());

    @Inject
    AdminFeed feed;

    @Inject
    SocketIoServer io;

    /**
     * Admits admins only, whatever {@code switchboard.security.namespaces} says (a configuration that leaves
     * {@value #NAMESPACE} out would give it the default policy, which may let any caller in).
     */
    @OnConnect
    void connected(SocketIoSocket socket, Identity identity) {
        if (identity == null) {
            throw new ConnectionRejectedException("authentication required", Map.of("code", "unauthorized"));
        }
        if (!identity.hasRole(Roles.ADMIN)) {
            throw new ConnectionRejectedException("forbidden", Map.of("code", "forbidden"));
        }
        feed.adminJoined(socket);
    }

    @OnDisconnect
    void disconnected(SocketIoSocket socket) {
        feed.adminLeft(socket);
    }

    @OnEvent("sockets:search")
    CompletionStage<JsonObject> search(JsonValue request) {
        return guarded("sockets:search", () -> {
            SocketSearch.Request parsed = SocketSearch.parse(request);
            SocketIoNamespace namespace = existing(parsed.namespace());
            return namespace.except().fetchSockets()
                    .thenApply(found -> SocketSearch.answer(parsed, found));
        });
    }

    @OnEvent("sockets:disconnect")
    CompletionStage<JsonObject> disconnect(JsonValue request) {
        return guarded("sockets:disconnect", () -> {
            JsonObject body = SocketSearch.object(request);
            SocketIoNamespace namespace = existing(SocketSearch.namespace(body));
            if (!(body.get("id") instanceof JsonString id) || id.getString().isEmpty()
                    || id.getString().length() > 100) {
                throw AdminError.badRequest("id: the socket's id");
            }
            String socketId = id.getString();
            return namespace.in(socketId).fetchSockets().thenApply(found -> {
                SocketDetails target = found.stream().filter(s -> s.id().equals(socketId)).findFirst()
                        .orElseThrow(() -> AdminError.notFound("no socket " + socketId + " in " + namespace.name()));
                namespace.in(socketId).disconnectSockets(false);
                return JsonBuilders.object().add("ok", true).add("id", socketId)
                        .add("node", String.valueOf(target.node())).build();
            });
        });
    }

    /** A namespace that exists on this node (the same WAR runs everywhere), never created by the request. */
    private SocketIoNamespace existing(String name) {
        return io.namespaces().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> AdminError.notFound("no namespace " + name));
    }

    /** Runs a request; any failure, now or later, becomes {@code {error: {code, message}}} in the ack. */
    private static CompletionStage<JsonObject> guarded(String event,
                                                      java.util.function.Supplier<CompletionStage<JsonObject>> work) {
        CompletionStage<JsonObject> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.exceptionally(failure -> errorAnswer(event, failure));
    }

    private static JsonObject errorAnswer(String event, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AdminError refused) {
            return refused.toJson();
        }
        if (cause instanceof ClusterTimeoutException) {
            return new AdminError(AdminError.Code.CLUSTER_TIMEOUT, "other nodes did not answer in time").toJson();
        }
        LOG.log(Level.WARNING, "Admin request '" + event + "' failed", cause);
        return new AdminError(AdminError.Code.INTERNAL, "Internal server error").toJson();
    }
}
