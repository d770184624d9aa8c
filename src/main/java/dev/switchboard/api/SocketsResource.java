package dev.switchboard.api;

import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The sockets of the whole cluster (admin): list and search them, look one up, disconnect it, make it join or
 * leave a room. Every call asks all nodes ({@code fetchSockets}); a socket is named by its id within a namespace
 * ({@code ?namespace=}, default {@code /}).
 */
@Path("sockets")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Server API")
@SecurityRequirement(name = ApiDocs.BEARER)
public class SocketsResource {

    static final int MAX_LIMIT = 1000;

    @Inject
    private SocketIoServer io;

    @Inject
    private ClusterCalls calls;

    @GET
    @Operation(summary = "List the sockets of every node",
            description = "Oldest first. Without namespace: every namespace. q matches a part of the socket id or "
                    + "of the identity's name, ignoring case.")
    @APIResponse(responseCode = "200", description = "{total, sockets: [{id, namespace, node, transport, rooms, "
            + "connectedAt, identity, address, data}]}")
    @APIResponse(responseCode = "400", description = "Unknown namespace or invalid filter")
    @APIResponse(responseCode = "503", description = "The cluster did not answer")
    public JsonObject list(@QueryParam("namespace") @Parameter(description = "e.g. /; default: all") String namespace,
                           @QueryParam("room") @Parameter(description = "only members of this room") String room,
                           @QueryParam("q") @Parameter(description = "part of the id or identity name") String q,
                           @QueryParam("limit") @Parameter(description = "1-1000, default 1000") Integer limit) {
        int max = Fields.limit(limit, MAX_LIMIT);
        List<String> rooms = room == null ? List.of() : List.of(Fields.name("room", room));
        List<SocketIoNamespace> namespaces = namespace == null
                ? io.namespaces().stream().sorted(Comparator.comparing(SocketIoNamespace::name)).toList()
                : List.of(Fields.namespace(io, namespace));
        String needle = q == null || q.isEmpty() ? null : Fields.name("q", q).toLowerCase(Locale.ROOT);
        List<SocketDetails> found = new ArrayList<>();
        for (SocketIoNamespace n : namespaces) {
            for (SocketDetails s : calls.fetch(n, rooms)) {
                if (needle == null || s.id().toLowerCase(Locale.ROOT).contains(needle) || (s.identity() != null
                        && s.identity().name().toLowerCase(Locale.ROOT).contains(needle))) {
                    found.add(s);
                }
            }
        }
        found.sort(Comparator.comparing((SocketDetails s) -> s.connectedAt() == null ? Instant.EPOCH : s.connectedAt())
                .thenComparing(SocketDetails::id));
        JsonArrayBuilder out = JsonBuilders.array();
        found.stream().limit(max).forEach(s -> out.add(ApiJson.socket(s)));
        return JsonBuilders.object().add("total", found.size()).add("sockets", out).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One socket, on whichever node it is connected to")
    @APIResponse(responseCode = "200", description = "The socket")
    @APIResponse(responseCode = "404", description = "No such socket in the namespace")
    public JsonObject get(@PathParam("id") String id, @QueryParam("namespace") String namespace) {
        return ApiJson.socket(find(namespace, id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Disconnect a socket",
            description = "close=true also closes the client's whole connection (all its namespaces)")
    @APIResponse(responseCode = "204", description = "Disconnected")
    @APIResponse(responseCode = "404", description = "No such socket in the namespace")
    public Response disconnect(@PathParam("id") String id, @QueryParam("namespace") String namespace,
                               @QueryParam("close") @DefaultValue("false") boolean close) {
        SocketDetails s = find(namespace, id);
        Fields.namespace(io, s.namespace()).in(s.id()).disconnectSockets(close);
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/rooms/{room}")
    @Operation(summary = "Make a socket join a room")
    @APIResponse(responseCode = "204", description = "Joined (or already a member)")
    @APIResponse(responseCode = "404", description = "No such socket in the namespace")
    public Response join(@PathParam("id") String id, @PathParam("room") String room,
                         @QueryParam("namespace") String namespace) {
        String name = Fields.name("room", room);
        SocketDetails s = find(namespace, id);
        Fields.namespace(io, s.namespace()).in(s.id()).socketsJoin(name);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/rooms/{room}")
    @Operation(summary = "Make a socket leave a room")
    @APIResponse(responseCode = "204", description = "Left (or was not a member)")
    @APIResponse(responseCode = "404", description = "No such socket in the namespace")
    public Response leave(@PathParam("id") String id, @PathParam("room") String room,
                          @QueryParam("namespace") String namespace) {
        String name = Fields.name("room", room);
        SocketDetails s = find(namespace, id);
        if (name.equals(s.id())) {
            throw Fields.invalid("room", "a socket cannot leave its own room");
        }
        Fields.namespace(io, s.namespace()).in(s.id()).socketsLeave(name);
        return Response.noContent().build();
    }

    @POST
    @Path("join")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make the selected sockets of every node join rooms (Socket.IO's socketsJoin)",
            description = "Body: {namespace?: \"/\", rooms?: [..] (default: every socket), except?: [..], "
                    + "join: [..]}. Room policies still apply: a socket a policy refuses is skipped.")
    @RequestBody(required = true, description = "Which sockets, and the rooms they join")
    @APIResponse(responseCode = "202", description = "Sent to every node")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem body)")
    @APIResponse(responseCode = "503", description = "The cluster is unreachable")
    public Response joinAll(JsonValue body) {
        return bulk(body, "join");
    }

    @POST
    @Path("leave")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make the selected sockets of every node leave rooms (Socket.IO's socketsLeave)",
            description = "Body: {namespace?: \"/\", rooms?: [..] (default: every socket), except?: [..], "
                    + "leave: [..]}.")
    @RequestBody(required = true, description = "Which sockets, and the rooms they leave")
    @APIResponse(responseCode = "202", description = "Sent to every node")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem body)")
    @APIResponse(responseCode = "503", description = "The cluster is unreachable")
    public Response leaveAll(JsonValue body) {
        return bulk(body, "leave");
    }

    /** {@code io.of(namespace).in(rooms).except(except).socketsJoin/socketsLeave(targets)}, validated. */
    private Response bulk(JsonValue body, String action) {
        JsonObject o = Fields.object(body, java.util.Set.of("namespace", "rooms", "except", action));
        SocketIoNamespace namespace = Fields.namespace(io, Fields.namespaceField(o));
        List<String> rooms = Fields.names(o, "rooms");
        List<String> except = Fields.names(o, "except");
        List<String> targets = Fields.names(o, action);
        if (targets.isEmpty()) {
            throw Fields.invalid(action, "a non-empty list of room names");
        }
        calls.requireCluster();
        var selected = namespace.in(rooms.toArray(String[]::new)).except(except.toArray(String[]::new));
        if (action.equals("join")) {
            selected.socketsJoin(targets.toArray(String[]::new));
        } else {
            selected.socketsLeave(targets.toArray(String[]::new));
        }
        JsonArrayBuilder list = JsonBuilders.array();
        targets.forEach(list::add);
        return Response.accepted(JsonBuilders.object().add("namespace", namespace.name()).add(action, list)
                .build()).build();
    }

    private SocketDetails find(String namespace, String id) {
        Fields.name("id", id);
        SocketIoNamespace n = Fields.namespace(io, namespace);
        return calls.fetch(n, List.of(id)).stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiException(404, "no socket '" + Fields.clip(id) + "' in namespace "
                        + n.name()));
    }
}
