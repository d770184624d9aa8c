package dev.switchboard.api;

import dev.switchboard.admin.ClusterView;
import dev.switchboard.admin.NodeSnapshot;
import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.protocol.JsonBuilders;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/nodes} (admin): the cluster's nodes as this node last heard from them (the cluster view, at most
 * a few seconds old), this node first.
 */
@Path("nodes")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Server API")
@SecurityRequirement(name = ApiDocs.BEARER)
public class NodesResource {

    @Inject
    private ClusterView view;

    @Inject
    private RedisCluster cluster;

    @GET
    @Operation(summary = "The cluster's nodes with connections, sockets and uptime",
            description = "Java nodes only: Node.js nodes of a mixed cluster publish no figures")
    @APIResponse(responseCode = "200", description = "{redis, nodes: [{node, self, startedAt, uptimeSeconds, "
            + "takenAt, connections, connectionCount, sockets, socketCount, counters}]}")
    public JsonObject nodes() {
        List<NodeSnapshot> nodes = view.nodes();
        Instant now = Instant.now();
        JsonArrayBuilder out = JsonBuilders.array();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(ApiJson.node(nodes.get(i), i == 0, now));
        }
        return JsonBuilders.object()
                .add("redis", cluster.state().name().toLowerCase(Locale.ROOT))
                .add("nodes", out)
                .build();
    }
}
