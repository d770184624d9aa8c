package dev.switchboard.api;

import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.Arguments;
import dev.switchboard.socketio.BroadcastOperator;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/emit} (admin): an event to the sockets of a namespace, cluster-wide, by the same path as a
 * server-side {@code io.to(rooms).except(rooms).emit(event, ...args)}; with {@code ackTimeoutMs}, waits for each
 * recipient's acknowledgement and returns the answers.
 */
@Path("emit")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Server API", description = "Push to Socket.IO clients and manage them, cluster-wide")
@SecurityRequirement(name = ApiDocs.BEARER)
public class EmitResource {

    static final long MAX_ACK_TIMEOUT_MS = 60_000;
    private static final Set<String> FIELDS = Set.of("namespace", "rooms", "except", "event", "args", "ackTimeoutMs");

    @Inject
    private SocketIoServer io;

    @Inject
    private ClusterCalls calls;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Emit an event to sockets on every node",
            description = "Body: {namespace?: \"/\", rooms?: [..], except?: [..], event, args?: [..], ackTimeoutMs?: "
                    + "1-60000}. Without ackTimeoutMs: 202 once published. With it: 200 {complete, acks: [[args]]} "
                    + "when every recipient answered or the timeout passed (complete: false).")
    @RequestBody(required = true, description = "What to send and to whom")
    @APIResponse(responseCode = "202", description = "Sent (no acknowledgements requested)")
    @APIResponse(responseCode = "200", description = "The recipients' acknowledgements")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem body)")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "The token lacks the admin role")
    @APIResponse(responseCode = "413", description = "The body is too large")
    @APIResponse(responseCode = "503", description = "The cluster is unreachable")
    public Response emit(JsonValue body) {
        JsonObject o = Fields.object(body, FIELDS);
        SocketIoNamespace namespace = Fields.namespace(io, Fields.namespaceField(o));
        List<String> rooms = Fields.names(o, "rooms");
        List<String> except = Fields.names(o, "except");
        String event = Fields.event(o);
        JsonArray args = Fields.args(o);
        Long timeout = Fields.integer(o, "ackTimeoutMs", 1, MAX_ACK_TIMEOUT_MS);
        calls.requireCluster();
        BroadcastOperator target = namespace.to(rooms.toArray(String[]::new)).except(except.toArray(String[]::new));
        Object[] values = args.toArray();
        if (timeout == null) {
            target.emit(event, values);
            return Response.accepted(JsonBuilders.object().add("namespace", namespace.name())
                    .add("event", event).build()).build();
        }
        CompletableFuture<List<Arguments>> answers = target.timeout(Duration.ofMillis(timeout)).emitWithAck(event, values);
        List<Arguments> received;
        boolean complete;
        try {
            received = answers.get(timeout + 5_000, TimeUnit.MILLISECONDS);
            complete = true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AckTimeoutException late)) {
                throw new ApiException(503, "the cluster could not deliver the event");
            }
            received = late.received();
            complete = false;
        } catch (TimeoutException e) {
            throw new ApiException(503, "the cluster did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for acknowledgements");
        }
        JsonArrayBuilder acks = JsonBuilders.array();
        received.forEach(a -> acks.add(a.json()));
        return Response.ok(JsonBuilders.object().add("namespace", namespace.name()).add("event", event)
                .add("complete", complete).add("acks", acks).build()).build();
    }
}
