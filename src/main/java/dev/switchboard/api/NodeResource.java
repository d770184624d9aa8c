package dev.switchboard.api;

import dev.switchboard.engineio.EngineServer;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;

/** {@code GET /api/node} (admin): this node's connections and namespaces with their policies. */
@Path("node")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
public class NodeResource {

    @Inject
    private EngineServer engine;

    @Inject
    private SocketIoServer io;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject node() {
        JsonArrayBuilder namespaces = JsonBuilders.array();
        io.namespaces().stream().sorted(Comparator.comparing(SocketIoNamespace::name)).forEach(n -> namespaces.add(
                JsonBuilders.object()
                        .add("name", n.name())
                        .add("sockets", n.sockets().size())
                        .add("policy", io.policy(n.name()).toString())));
        return JsonBuilders.object()
                .add("connections", engine.sessionCount())
                .add("namespaces", namespaces)
                .build();
    }
}
