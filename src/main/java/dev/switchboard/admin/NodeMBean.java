package dev.switchboard.admin;

import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.cluster.redis.RedisCounters;
import dev.switchboard.engineio.EngineCloseReason;
import dev.switchboard.engineio.EngineCounters;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.SocketCounters;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers {@link NodeMXBean} as {@value #NAME} in the platform MBean server at deployment and removes it at
 * undeploy. A registration found at deployment (left by an earlier deployment) is replaced, never a failure; at
 * undeploy, only this deployment's own registration is removed.
 */
@ApplicationScoped
public class NodeMBean implements NodeMXBean {

    public static final String NAME = "dev.switchboard:type=Node";
    private static final Logger LOG = Logger.getLogger(NodeMBean.class.getName());

    @Inject
    private NodeStats stats;

    @Inject
    private EngineServer engine;

    @Inject
    private SocketIoServer io;

    @Inject
    private RedisCluster cluster;

    private volatile ObjectName registered;

    void register(@Observes @Initialized(ApplicationScoped.class) Object ready) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            // the CDI proxy is not an MXBean: register a plain view that calls back into this bean
            server.registerMBean(new javax.management.StandardMBean(this, NodeMXBean.class, true), name);
            registered = name;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not register the JMX MBean " + NAME, e);
        }
    }

    @PreDestroy
    void unregister() {
        ObjectName name = registered;
        if (name == null) {
            return;
        }
        registered = null;
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            // a redeploy may have registered its own bean under the name already: leave that one alone
            if (stats.nodeId().equals(server.getAttribute(name, "NodeId"))) {
                server.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            // already gone
        }
    }

    @Override
    public String getNodeId() {
        return stats.nodeId();
    }

    @Override
    public String getStartedAt() {
        return stats.startedAt().toString();
    }

    @Override
    public int getConnections() {
        return engine.sessionCount();
    }

    @Override
    public Map<String, Integer> getConnectionsByTransport() {
        return new TreeMap<>(stats.snapshot().connections());
    }

    @Override
    public int getSockets() {
        return getSocketsByNamespace().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public Map<String, Integer> getSocketsByNamespace() {
        Map<String, Integer> out = new TreeMap<>();
        for (SocketIoNamespace namespace : io.namespaces()) {
            out.put(namespace.name(), namespace.sockets().size());
        }
        return out;
    }

    @Override
    public long getHandshakes() {
        return engine.counters().handshakes();
    }

    @Override
    public long getUpgrades() {
        return engine.counters().upgrades();
    }

    @Override
    public long getBytesIn() {
        return engine.counters().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return engine.counters().bytesOut();
    }

    @Override
    public long getEventsIn() {
        return sum(SocketCounters::eventsIn);
    }

    @Override
    public long getEventsOut() {
        return sum(SocketCounters::eventsOut);
    }

    @Override
    public long getBroadcastDeliveries() {
        return sum(SocketCounters::deliveries);
    }

    @Override
    public long getVolatileDropped() {
        return sum(SocketCounters::volatileDropped);
    }

    @Override
    public long getSlowConsumerDisconnects() {
        return engine.counters().closed(EngineCloseReason.SLOW_CONSUMER);
    }

    @Override
    public Map<String, Long> getRejectedRequests() {
        Map<String, Long> out = new TreeMap<>();
        EngineCounters counters = engine.counters();
        for (EngineError error : EngineError.values()) {
            out.put(Metrics.tag(error), counters.rejected(error));
        }
        return out;
    }

    @Override
    public Map<String, Long> getDisconnects() {
        Map<String, Long> out = new TreeMap<>();
        for (DisconnectReason reason : DisconnectReason.values()) {
            out.put(Metrics.tag(reason), sum(c -> c.disconnects(reason)));
        }
        return out;
    }

    @Override
    public String getRedisState() {
        return cluster.state().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean isRedisSubscriberAlive() {
        return cluster.subscriberAlive();
    }

    @Override
    public long getRedisPublished() {
        return cluster.redisCounters().published();
    }

    @Override
    public long getRedisReceived() {
        return cluster.redisCounters().received();
    }

    @Override
    public long getRedisDropped() {
        return cluster.redisCounters().dropped();
    }

    @Override
    public long getRedisErrors() {
        return cluster.redisCounters().errors();
    }

    @Override
    public long getRedisReconnects() {
        return cluster.redisCounters().reconnects();
    }

    @Override
    public long getClusterRequestTimeouts() {
        RedisCounters counters = cluster.redisCounters();
        return counters.timeouts();
    }

    private long sum(ToLongFunction<SocketCounters> figure) {
        long total = 0;
        for (SocketIoNamespace namespace : io.namespaces()) {
            total += figure.applyAsLong(namespace.counters());
        }
        return total;
    }
}
