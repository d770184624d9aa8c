package dev.switchboard.cluster.redis;

import dev.switchboard.socketio.Adapter;
import dev.switchboard.socketio.AdapterFactory;
import dev.switchboard.socketio.InMemoryAdapter;
import dev.switchboard.socketio.SocketIoNamespace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Gives each namespace a {@link RedisAdapter} when Redis is configured, the in-memory adapter otherwise. */
@ApplicationScoped
public class RedisAdapterFactory implements AdapterFactory {

    @Inject
    private RedisCluster cluster;

    @Override
    public Adapter create(SocketIoNamespace namespace) {
        return factoryFor(cluster).create(namespace);
    }

    /** Adapters on a given cluster connection (also usable outside CDI, e.g. with {@link RedisCluster#standalone}). */
    public static AdapterFactory factoryFor(RedisCluster cluster) {
        return namespace -> {
            if (!cluster.enabled()) {
                // the same node id as the cluster view's, although no other node will ever see it
                return new InMemoryAdapter(namespace) {
                    @Override
                    protected String nodeId() {
                        return cluster.uid();
                    }
                };
            }
            RedisAdapter adapter = new RedisAdapter(namespace, cluster);
            cluster.register(adapter);
            return adapter;
        };
    }
}
