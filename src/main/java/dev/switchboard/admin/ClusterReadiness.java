package dev.switchboard.admin;

import dev.switchboard.cluster.redis.RedisCluster;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}): up on a single node (no Redis configured); with Redis, up only while the node is
 * connected and its subscriber loop is alive and subscribed, so a load balancer stops sending new clients to a node
 * cut off from the cluster.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    RedisCluster cluster;

    @Override
    public HealthCheckResponse call() {
        RedisCluster.State state = cluster.state();
        boolean subscriber = cluster.subscriberAlive();
        boolean up = !cluster.enabled() || state == RedisCluster.State.CONNECTED && subscriber;
        return HealthCheckResponse.named("switchboard-cluster")
                .status(up)
                .withData("redis", state.name().toLowerCase(java.util.Locale.ROOT))
                .withData("subscriber", cluster.enabled() ? (subscriber ? "alive" : "down") : "none")
                .build();
    }
}
