package dev.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engineio.EngineProbeServlet;
import dev.switchboard.engineio.PollingClient;
import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.testing.Await;
import io.socket.client.Socket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health and metrics on the built WAR: scripted traffic (known numbers of WebSocket, polling and upgrading clients,
 * events, a broadcast, a dropped volatile packet, refused requests and a refused namespace join) moves the
 * Prometheus series at Payara's {@code /metrics} by exactly the expected amounts, the JMX MBean reports the same
 * totals, and liveness and readiness are up.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final String M = "namespace=\"/m\"";

    @Deployment(testable = false)
    static WebArchive deployment() {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(MetricsTestHandlers.class, NodeMBeanProbeServlet.class, EngineProbeServlet.class)
                .addAsResource("metrics-it.properties", "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    private URL baseUrl;

    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        base = baseUrl.toURI();
    }

    /**
     * This deployment keeps WebSocket connections on Tyrus ({@code metrics-it.properties}: grizzly-websocket off)
     * with Tyrus's fast paths on, so the traffic above and this test run them: each session gets the shortcut that
     * skips Tyrus's per-frame idle timer ({@code IdleTimerShortcut}; the application's container skips the one of
     * a session's constructor) and the raw-frame writer ({@code RawFrames}) that, after its first write, writes
     * into Grizzly's write queue ({@code GrizzlyDirectWrites}); frames flow both ways and no owned connection is
     * made.
     */
    @Test
    void tyrusSessionsRunOnTheContainerFastPaths() throws Exception {
        JsonObject before = engineProbe();
        // two sessions (the container's shortcut is installed by the first session it sees, for the ones after),
        // each joining the default namespace: frames both ways, and no event that the other tests count
        for (int i = 0; i < 2; i++) {
            IoClient.connect(base, "/", Transports.WEBSOCKET, Map.of()).close();
        }
        // the other tests here count from a scrape: let these connections end first
        Await.until("every connection closed", SETTLE,
                () -> scrape().sum("switchboard_connections") == 0 && scrape().sum("switchboard_sockets") == 0);
        JsonObject after = engineProbe();
        assertTrue(after.getJsonNumber("tyrusIdleShortcut").longValue()
                > before.getJsonNumber("tyrusIdleShortcut").longValue(), "the new session got the shortcut");
        assertTrue(after.getJsonNumber("tyrusContainerSkips").longValue()
                > before.getJsonNumber("tyrusContainerSkips").longValue(),
                "the timer Tyrus starts in the new session's constructor was skipped by the container's scheduler");
        assertTrue(after.getJsonNumber("tyrusRawFrames").longValue()
                > before.getJsonNumber("tyrusRawFrames").longValue(), "the new session got raw frames");
        assertTrue(after.getJsonNumber("grizzlyDirectWrites").longValue()
                > before.getJsonNumber("grizzlyDirectWrites").longValue(),
                "the new session writes straight into Grizzly's write queue (plain HTTP listener)");
        assertEquals(before.getJsonNumber("ownedWebSockets").longValue(),
                after.getJsonNumber("ownedWebSockets").longValue(), "no owned connection with the switch off");
    }

    private JsonObject engineProbe() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("test-probe/engine")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Test
    void scriptedTrafficMovesEveryMetricByExactlyItsAmountAndTheMBeanAgrees() throws Exception {
        PrometheusText before = scrape();
        JsonObject mbeanBefore = mbean();
        List<IoClient> clients = new ArrayList<>();
        try {
            IoClient ws1 = track(clients, IoClient.connect(base, "/m", Transports.WEBSOCKET, Map.of()));
            IoClient ws2 = track(clients, IoClient.connect(base, "/m", Transports.WEBSOCKET, Map.of()));
            IoClient p1 = track(clients, IoClient.connect(base, "/m", Transports.POLLING, Map.of()));
            IoClient p2 = track(clients, IoClient.connect(base, "/m", Transports.POLLING, Map.of()));
            IoClient up = track(clients, IoClient.connect(base, "/m", Transports.UPGRADE, Map.of()));

            for (IoClient c : clients) {
                // ws2's event carries 10,000 characters: the bytes received grow by at least that much
                assertEquals("ok", c.emitWithAck("hit", c == ws2 ? "x".repeat(10_000) : "small")[0]);
            }
            ws1.emit("shout", "hello all");
            for (IoClient c : clients) {
                assertEquals("hello all", c.await("news")[0]);
            }
            ws1.emit("direct");
            assertEquals("hi", ws1.await("direct-back")[0]);
            p1.emit("volatile");
            assertEquals("x", p1.await("filler")[0]);

            // refused: another origin (403), an old protocol version (400), a namespace that refuses everyone
            assertEquals(403, get("socket.io/?EIO=4&transport=polling", "https://evil.example").statusCode());
            assertEquals(400, get("socket.io/?EIO=3&transport=polling", null).statusCode());
            IoClient locked = track(clients, IoClient.create(base, "/m-locked", Transports.WEBSOCKET, Map.of()));
            assertTrue(locked.await(Socket.EVENT_CONNECT_ERROR).length > 0);
            locked.close();

            Map<String, Double> whileOpen = new LinkedHashMap<>();
            whileOpen.put("switchboard_engine_handshakes_total{transport=\"websocket\"}", 3.0);
            whileOpen.put("switchboard_engine_handshakes_total{transport=\"polling\"}", 3.0);
            whileOpen.put("switchboard_engine_upgrades_total", 1.0);
            whileOpen.put("switchboard_socket_connects_total{" + M + "}", 5.0);
            whileOpen.put("switchboard_socket_connect_refusals_total{namespace=\"/m-locked\"}", 1.0);
            whileOpen.put("switchboard_events_received_total{" + M + "}", 8.0);
            whileOpen.put("switchboard_events_sent_total{" + M + "}", 7.0);
            whileOpen.put("switchboard_broadcast_deliveries_total{" + M + "}", 5.0);
            whileOpen.put("switchboard_volatile_dropped_total{" + M + "}", 1.0);
            whileOpen.put("switchboard_engine_rejected_requests_total{cause=\"forbidden\"}", 1.0);
            whileOpen.put("switchboard_engine_rejected_requests_total{cause=\"unsupported_protocol_version\"}", 1.0);
            PrometheusText during = awaitDeltas(before, whileOpen);
            Map<String, Double> gauges = new LinkedHashMap<>();
            gauges.put("switchboard_sockets{" + M + ",transport=\"websocket\"}", 3.0);
            gauges.put("switchboard_sockets{" + M + ",transport=\"polling\"}", 2.0);
            gauges.put("switchboard_connections{transport=\"websocket\"}", 3.0);
            gauges.put("switchboard_connections{transport=\"polling\"}", 2.0);
            PrometheusText[] last = {during};
            try {
                Await.until("gauges " + gauges, SETTLE,
                        () -> values(last[0] = scrape(), gauges.keySet()).equals(gauges));
            } catch (AssertionError e) {
                assertEquals(gauges, values(last[0], gauges.keySet()), "gauges while the five clients are connected");
            }
            assertTrue(delta(before, during, "switchboard_engine_received_bytes_total") >= 10_000,
                    "bytes received include the 10,000-character event");
            assertTrue(delta(before, during, "switchboard_engine_sent_bytes_total") > 0, "bytes sent");
        } finally {
            for (IoClient c : clients) {
                c.close();
            }
        }
        Await.until("every connection closed", SETTLE,
                () -> scrape().sum("switchboard_connections") == 0 && scrape().sum("switchboard_sockets") == 0);
        String disconnects = "switchboard_socket_disconnects_total{" + M + ",reason=\"client_namespace_disconnect\"}";
        PrometheusText[] last = new PrometheusText[1];
        try {
            Await.until("five disconnects and six closes", SETTLE, () -> {
                last[0] = scrape();
                return delta(before, last[0], disconnects) == 5
                        && delta(before, last[0], "switchboard_engine_closes_total") == 6;
            });
        } catch (AssertionError e) {
            assertEquals(5.0, delta(before, last[0], disconnects), "each socket left /m once");
            assertEquals(6.0, delta(before, last[0], "switchboard_engine_closes_total"), "every connection closed once");
        }
        PrometheusText after = last[0];

        JsonObject mbeanAfter = mbean();
        assertEquals(6, number(mbeanAfter, "Handshakes") - number(mbeanBefore, "Handshakes"), "MBean handshakes");
        assertEquals(1, number(mbeanAfter, "Upgrades") - number(mbeanBefore, "Upgrades"), "MBean upgrades");
        assertEquals(8, number(mbeanAfter, "EventsIn") - number(mbeanBefore, "EventsIn"), "MBean events in");
        assertEquals(7, number(mbeanAfter, "EventsOut") - number(mbeanBefore, "EventsOut"), "MBean events out");
        assertEquals(5, number(mbeanAfter, "BroadcastDeliveries") - number(mbeanBefore, "BroadcastDeliveries"));
        assertEquals(1, number(mbeanAfter, "VolatileDropped") - number(mbeanBefore, "VolatileDropped"));
        // the MBean and the metrics endpoint report the same totals
        Map<String, String> same = Map.of("Handshakes", "switchboard_engine_handshakes_total",
                "Upgrades", "switchboard_engine_upgrades_total", "EventsIn", "switchboard_events_received_total",
                "EventsOut", "switchboard_events_sent_total",
                "BroadcastDeliveries", "switchboard_broadcast_deliveries_total",
                "VolatileDropped", "switchboard_volatile_dropped_total",
                "SlowConsumerDisconnects", "switchboard_slow_consumer_disconnects_total");
        for (Map.Entry<String, String> e : same.entrySet()) {
            assertEquals((long) after.sum(e.getValue()), number(mbeanAfter, e.getKey()), e.getKey());
        }
        assertEquals(String.valueOf((long) after.value(
                        "switchboard_engine_rejected_requests_total{cause=\"forbidden\"}")),
                mbeanAfter.getJsonObject("RejectedRequests").getString("forbidden"), "MBean refusals by cause");
        assertEquals(0, number(mbeanAfter, "Connections"), "MBean connections after the clients left");
        assertEquals("disabled", mbeanAfter.getString("RedisState"));
    }

    /** A polling client that never polls while the server floods it: closed as a slow consumer, and counted. */
    @Test
    void aClientThatStopsReadingIsCountedAsASlowConsumer() {
        PrometheusText before = scrape();
        PollingClient polling = new PollingClient(base.resolve("socket.io/"));
        String sid = polling.open();
        assertEquals(200, polling.post(sid, "40/m,").statusCode());
        assertEquals(200, polling.post(sid, "42/m,[\"flood\",1500]").statusCode());
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("switchboard_slow_consumer_disconnects_total", 1.0);
        expected.put("switchboard_engine_closes_total{reason=\"slow_consumer\"}", 1.0);
        expected.put("switchboard_socket_disconnects_total{" + M + ",reason=\"slow_consumer\"}", 1.0);
        expected.put("switchboard_events_received_total{" + M + "}", 1.0);
        expected.put("switchboard_engine_handshakes_total{transport=\"polling\"}", 1.0);
        awaitDeltas(before, expected);
        assertEquals(400, polling.poll(sid).statusCode(), "the session is gone");
    }

    @Test
    void livenessAndReadinessAreUpOnASingleNode() throws Exception {
        HttpResponse<String> live = get("/health/live", null);
        assertEquals(200, live.statusCode(), live.body());
        JsonObject liveBody = json(live.body());
        assertEquals("UP", liveBody.getString("status"));
        assertTrue(live.body().contains("\"switchboard-engine\""), live.body());
        HttpResponse<String> ready = get("/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"switchboard-cluster\""), ready.body());
    }

    /** Every series of ours follows the naming rules and is documented in the README's metric table. */
    @Test
    void everyMetricIsNamedByTheConventionsAndDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        TreeSet<String> undocumented = new TreeSet<>();
        String text = get("/metrics", null).body();
        Matcher types = Pattern.compile("(?m)^# TYPE (switchboard_\\S+) (\\S+)$").matcher(text);
        int counters = 0;
        while (types.find()) {
            String name = types.group(1);
            String type = types.group(2);
            if ("counter".equals(type)) {
                counters++;
                assertTrue(name.endsWith("_total") && !name.endsWith("_total_total"), name);
            }
            String documented = name.replaceAll("_(mean|max)$", "");
            if (!readme.contains("`" + documented + "`")) {
                undocumented.add(documented);
            }
        }
        assertTrue(counters > 10, "counters found: " + counters);
        assertEquals(new TreeSet<>(), undocumented, "metrics missing from the README's table");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static IoClient track(List<IoClient> clients, IoClient client) {
        clients.add(client);
        return client;
    }

    /** Waits until each series moved by its expected amount since {@code before} (counters sync every 0.5 s). */
    private PrometheusText awaitDeltas(PrometheusText before, Map<String, Double> expected) {
        PrometheusText[] last = new PrometheusText[1];
        try {
            Await.until("metrics to reach " + expected, SETTLE, () -> {
                last[0] = scrape();
                return deltas(before, last[0], expected.keySet()).equals(expected);
            });
        } catch (AssertionError e) {
            assertEquals(new TreeMap<>(expected), new TreeMap<>(deltas(before, last[0], expected.keySet())),
                    "metric changes after the scripted traffic");
        }
        return last[0];
    }

    private static Map<String, Double> deltas(PrometheusText before, PrometheusText now, Iterable<String> keys) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : keys) {
            out.put(key, now.value(key) - before.value(key));
        }
        return out;
    }

    private static Map<String, Double> values(PrometheusText now, Iterable<String> keys) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : keys) {
            out.put(key, now.value(key));
        }
        return out;
    }

    private static double delta(PrometheusText before, PrometheusText now, String name) {
        return now.sum(name) - before.sum(name);
    }

    private PrometheusText scrape() {
        try {
            HttpResponse<String> r = get("/metrics?scope=application", null);
            assertEquals(200, r.statusCode(), r.body());
            return PrometheusText.parse(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonObject mbean() throws Exception {
        HttpResponse<String> r = get("test-probe/mbean", null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    private static long number(JsonObject o, String key) {
        return Long.parseLong(o.getString(key));
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /** GET a server path ({@code /metrics}, {@code /health}) or, without the leading slash, one of the application. */
    private HttpResponse<String> get(String path, String origin) throws java.io.IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
