package dev.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.switchboard.admin.NodeMBeanProbeServlet;
import dev.switchboard.admin.PrometheusText;
import dev.switchboard.engineio.EngineProbeServlet;
import dev.switchboard.engineio.WsClient;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redeploying the application (Payara Micro reloads an exploded WAR when its {@code .reload} file changes) leaves
 * no thread and no Redis connection of the old deployment behind.
 */
class RedeployIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void redeployLeavesNoExtraThreadsOrRedisConnections() throws Exception {
        try (RedisServerFixture redis = RedisServerFixture.started()) {
            Path exploded = Path.of("target", "redeploy", "switchboard");
            Files.createDirectories(exploded);
            ShrinkWrap.createFromZipFile(WebArchive.class, PayaraProcess.builtWar().toFile())
                    .addClasses(EngineProbeServlet.class, NodeMBeanProbeServlet.class)
                    .as(ExplodedExporter.class).exportExplodedInto(exploded.toFile());
            try (PayaraProcess payara = PayaraProcess.start(exploded, Map.of("switchboard.redis.url", redis.url()))) {
                JsonObject first = probe(payara);
                chat(payara);
                String nodeId = assertMonitoringIsThisDeployments(payara, null, 0);
                int connections = awaitRedisClients(redis.url(), n -> n >= 2,
                        "the first deployment's subscriber and publisher connect");
                for (int round = 1; round <= 2; round++) {
                    int previous = probe(payara).getInt("instance");
                    JsonObject next = reload(payara, exploded, previous, round);
                    assertNotEquals(previous, next.getInt("instance"));
                    JsonObject settled = awaitProbe(payara,
                            p -> p.getInt("switchboardThreads") == first.getInt("switchboardThreads"),
                            "the old deployment's threads end (round " + round + ")");
                    assertEquals(first.getInt("switchboardThreads"), settled.getInt("switchboardThreads"));
                    chat(payara);
                    assertEquals(connections, awaitRedisClients(redis.url(), n -> n == connections,
                            "the old deployment's Redis connections close (round " + round + ")"));
                    nodeId = assertMonitoringIsThisDeployments(payara, nodeId, round);
                }
                assertFalse(payara.log().contains("Could not register the JMX MBean"), "the MBean registered every time");
            }
        }
    }

    /**
     * Touches the WAR's {@code .reload} file until the application answers as a new instance. Payara's watcher
     * occasionally misses one touch, so it is repeated (spaced out so a slow redeploy is not asked twice).
     */
    private static JsonObject reload(PayaraProcess payara, Path exploded, int previous, int round) throws Exception {
        Path reload = exploded.resolve(".reload");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (!Files.exists(reload)) {
                Files.createFile(reload);
            }
            Files.setLastModifiedTime(reload, FileTime.from(Instant.now()));
            try {
                return Await.value("redeploy " + round, Duration.ofSeconds(25), () -> probe(payara),
                        p -> p != null && p.getInt("instance") != previous);
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    /** A chat message through the demo: the server publishes it, so the publisher pool holds a connection. */
    private static void chat(PayaraProcess payara) {
        URI ws = URI.create("ws://localhost:" + payara.port() + "/socket.io/?EIO=4&transport=websocket");
        try (WsClient client = WsClient.connect(ws)) {
            client.nextText(Duration.ofSeconds(20));
            client.send("40");
            client.nextText(Duration.ofSeconds(20));
            client.send("42[\"chat\",\"redeploy\"]");
            String echoed;
            do {
                echoed = client.nextText(Duration.ofSeconds(20));
            } while (!echoed.startsWith("42"));
            assertEquals("42[\"chat\",\"redeploy\"]", echoed);
        }
    }

    /**
     * The MBean and the metrics belong to the running deployment (a new node id; counters from zero: the chat is its
     * one WebSocket handshake; the MBean's handshakes equal the metrics'), not to an undeployed one, and readiness
     * is UP. Returns the deployment's node id.
     */
    private static String assertMonitoringIsThisDeployments(PayaraProcess payara, String previousNode, int round) {
        String websocket = "switchboard_engine_handshakes_total{transport=\"websocket\"}";
        PrometheusText metrics = Await.value("deployment " + round + "'s metrics count its own handshake", WAIT,
                () -> {
                    String text = getText(payara, "/metrics?scope=application");
                    return text == null ? null : PrometheusText.parse(text);
                }, m -> m != null && m.value(websocket) == 1);
        long handshakes = (long) metrics.sum("switchboard_engine_handshakes_total");
        JsonObject mbean = Await.value("the MBean of deployment " + round, WAIT, () -> get(payara, "test-probe/mbean"),
                m -> m != null && !m.getString("NodeId").equals(previousNode));
        assertEquals(String.valueOf(handshakes), mbean.getString("Handshakes"), "MBean and metrics agree: " + mbean);
        Await.until("deployment " + round + " ready", WAIT, () -> getText(payara, "/health/ready") != null);
        return mbean.getString("NodeId");
    }

    private static JsonObject get(PayaraProcess payara, String path) {
        String body = getText(payara, path);
        return body == null ? null : Json.createReader(new StringReader(body)).readObject();
    }

    /** The body of a 200 answer, or null (while redeploying). */
    private static String getText(PayaraProcess payara, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(payara.base().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Redis clients other than the one asking. */
    private static int redisClients(String url) {
        try (Jedis jedis = new Jedis(URI.create(url))) {
            return (int) jedis.clientList().lines().filter(l -> !l.isBlank()).count() - 1;
        }
    }

    private static int awaitRedisClients(String url, Predicate<Integer> condition, String what) {
        return Await.value(what + " (Redis clients)", WAIT, () -> redisClients(url), condition);
    }

    private static JsonObject probe(PayaraProcess payara) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(payara.base().resolve("test-probe/engine")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.createReader(new StringReader(r.body())).readObject() : null;
        } catch (Exception e) {
            return null; // redeploying
        }
    }

    private static JsonObject awaitProbe(PayaraProcess payara, Predicate<JsonObject> condition, String what) {
        return Await.value(what, WAIT, () -> probe(payara), p -> p != null && condition.test(p));
    }
}
