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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The rooms of the whole cluster with their member counts, counted from every node's sockets
 * ({@code fetchSockets}: exact and including Node.js nodes, at the cost of one cluster request), and disconnecting
 * all of a room's members (admin).
 */
@Path("rooms")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Server API")
@SecurityRequirement(name = ApiDocs.BEARER)
public class RoomsResource {

    @Inject
    private SocketIoServer io;

    @Inject
    private ClusterCalls calls;

    @GET
    @Operation(summary = "Rooms with their members on every node",
            description = "Largest first; a socket's own room (named after its id) is left out")
    @APIResponse(responseCode = "200", description = "{rooms: [{namespace, room, members}]}")
    @APIResponse(responseCode = "400", description = "Unknown namespace")
    @APIResponse(responseCode = "503", description = "The cluster did not answer")
    public JsonObject list(@QueryParam("namespace") String namespace) {
        List<SocketIoNamespace> namespaces = namespace == null
                ? io.namespaces().stream().sorted(Comparator.comparing(SocketIoNamespace::name)).toList()
                : List.of(Fields.namespace(io, namespace));
        record Room(String namespace, String room, int members) {
        }
        List<Room> rooms = new java.util.ArrayList<>();
        for (SocketIoNamespace n : namespaces) {
            Map<String, Integer> counts = new HashMap<>();
            for (SocketDetails s : calls.fetch(n, List.of())) {
                s.rooms().stream().filter(r -> !r.equals(s.id())).forEach(r -> counts.merge(r, 1, Integer::sum));
            }
            counts.forEach((room, members) -> rooms.add(new Room(n.name(), room, members)));
        }
        rooms.sort(Comparator.comparingInt(Room::members).reversed().thenComparing(Room::namespace)
                .thenComparing(Room::room));
        JsonArrayBuilder out = JsonBuilders.array();
        rooms.forEach(r -> out.add(JsonBuilders.object().add("namespace", r.namespace()).add("room", r.room())
                .add("members", r.members())));
        return JsonBuilders.object().add("rooms", out).build();
    }

    @DELETE
    @Path("{room}/sockets")
    @Operation(summary = "Disconnect every member of a room, on every node")
    @APIResponse(responseCode = "200", description = "{disconnected: n} (members found before disconnecting)")
    @APIResponse(responseCode = "400", description = "Unknown namespace or invalid room")
    @APIResponse(responseCode = "503", description = "The cluster did not answer")
    public JsonObject disconnect(@PathParam("room") String room, @QueryParam("namespace") String namespace,
                                 @QueryParam("close") @DefaultValue("false") boolean close) {
        String name = Fields.name("room", room);
        SocketIoNamespace n = Fields.namespace(io, namespace);
        int members = calls.fetch(n, List.of(name)).size();
        n.in(name).disconnectSockets(close);
        return JsonBuilders.object().add("namespace", n.name()).add("room", name).add("disconnected", members)
                .build();
    }
}
