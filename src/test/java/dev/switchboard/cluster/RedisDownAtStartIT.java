package dev.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node whose Redis is down when it starts still deploys and serves its own clients, and joins the cluster by
 * itself once Redis comes up.
 */
class RedisDownAtStartIT {

    @Test
    void nodeDeploysServesLocallyAndJoinsTheClusterWhenRedisComesUp() throws Exception {
        try (RedisServerFixture redis = RedisServerFixture.started()) {
            redis.requireControllable("this test starts a node while Redis is down");
            redis.stop();
            try (PayaraProcess node = ClusterNodes.startNode(ClusterNodes.testWar(), "lonely", redis.url(), Map.of());
                 IoClient a = ClusterNodes.connect(node); IoClient b = ClusterNodes.connect(node)) {
                ClusterNodes.join(a, "local-room");
                ClusterNodes.join(b, "local-room");
                a.emit("to-room", "local-room", "without redis");
                assertEquals("without redis", b.await("room-msg")[0], "local delivery works with Redis down");

                redis.restart();
                redis.awaitSubscribers("socket.io-request#/#", 1, Duration.ofSeconds(20));
                assertEquals(1, redis.subscribers("socket.io-request#/#"), "the node subscribed once Redis was up");
            }
        }
    }
}
