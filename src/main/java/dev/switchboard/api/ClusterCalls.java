package dev.switchboard.api;

import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketIoNamespace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the server API's cluster-wide operations share: refusing with 503 while this node is cut off from the
 * cluster (rather than acting on this node alone and answering as if it were everything), and waiting for the
 * other nodes' answers with a bound.
 */
@ApplicationScoped
public class ClusterCalls {

    @Inject
    private RedisCluster cluster;

    /** Throws a 503 unless the cluster (if any) is reachable. */
    void requireCluster() {
        if (cluster.enabled() && cluster.state() != RedisCluster.State.CONNECTED) {
            throw new ApiException(503, "the cluster is unreachable from this node (Redis "
                    + cluster.state().name().toLowerCase(java.util.Locale.ROOT) + "); nothing was done");
        }
    }

    /** The selected sockets on every node; 503 when a node does not answer in time. */
    List<SocketDetails> fetch(SocketIoNamespace namespace, List<String> rooms) {
        requireCluster();
        return await(namespace.in(rooms.toArray(String[]::new)).fetchSockets());
    }

    <T> T await(CompletionStage<T> stage) {
        long bound = cluster.enabled() ? cluster.config().requestsTimeout().toMillis() + 2_000 : 10_000;
        try {
            return stage.toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for the cluster");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "the cluster did not answer in time; try again");
        }
    }
}
