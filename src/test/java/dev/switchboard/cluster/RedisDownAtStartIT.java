package dev.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node whose Redis is down when it starts still deploys and serves its own clients (readiness DOWN meanwhile),
 * and joins the cluster by itself once Redis comes up (readiness UP).
 */
class RedisDownAtStartIT {

    private static HttpResponse<String> ready(PayaraProcess node) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.base().resolve("health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

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
                HttpResponse<String> down = ready(node);
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("\"redis\""), down.body());

                redis.restart();
                redis.awaitSubscribers("socket.io-request#/#", 1, Duration.ofSeconds(20));
                assertEquals(1, redis.subscribers("socket.io-request#/#"), "the node subscribed once Redis was up");
                HttpResponse<String> up = Await.value("readiness UP", Duration.ofSeconds(20), () -> ready(node),
                        r -> r.statusCode() == 200);
                assertEquals(200, up.statusCode(), "readiness is UP again: " + up.body());
            }
        }
    }
}
