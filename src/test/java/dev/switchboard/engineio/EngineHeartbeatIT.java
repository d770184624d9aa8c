package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Heartbeat, ping timeout and the session leak test, with short timings (ping 300 ms, timeout 1 s) and the
 * engine moved to {@code /rt/} by configuration.
 */
@ExtendWith(ArquillianExtension.class)
class EngineHeartbeatIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** pingInterval + pingTimeout + the close-packet grace, with room for a busy CI machine. */
    private static final Duration DEAD_CLIENT_GONE = Duration.ofSeconds(5);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return EngineTestDeployment.builtWarWith("engine-heartbeat.properties");
    }

    @ArquillianResource
    private URL base;

    private URI root;
    private PollingClient polling;

    @BeforeEach
    void setUp() throws Exception {
        root = base.toURI();
        polling = new PollingClient(root.resolve("rt/"));
    }

    private URI ws(String query) {
        return URI.create(root.resolve("rt/").toString().replaceFirst("^http", "ws") + "?" + query);
    }

    @Test
    void engineListensAtTheConfiguredPathWithConfiguredTimings() {
        JsonObject open = polling.handshake();
        assertEquals(300, open.getInt("pingInterval"));
        assertEquals(1000, open.getInt("pingTimeout"));
        assertEquals(404, new PollingClient(root.resolve("socket.io/")).get(
                root.resolve("socket.io/?EIO=4&transport=polling")).statusCode());
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            assertEquals(300, PollingClient.openPacket(ws.nextText(WAIT)).getInt("pingInterval"));
        }
        // this deployment turns the container fast paths off: its WebSocket tests run the portable path
        JsonObject probe = probe();
        assertEquals(0, probe.getJsonNumber("tyrusIdleShortcut").longValue());
        assertEquals(0, probe.getJsonNumber("tyrusContainerSkips").longValue());
        assertEquals(0, probe.getJsonNumber("tyrusRawFrames").longValue());
        assertEquals(0, probe.getJsonNumber("grizzlyDirectWrites").longValue());
        assertTrue(probe.getInt("writerThreads") > 0, "broadcasts have writer threads");
        assertTrue(!probe.getString("writerThreadClass").startsWith("org.glassfish.grizzly"),
                "writer threads are managed threads here: " + probe.getString("writerThreadClass"));
    }

    @Test
    void pollingClientThatAnswersPingsStaysConnected() {
        String sid = polling.open();
        for (int ping = 0; ping < 5; ping++) {
            assertEquals("2", polling.poll(sid).body());
            assertEquals("ok", polling.post(sid, "3").body());
        }
        polling.post(sid, "4still open");
        pollUntil(sid, packets -> packets.contains("4still open"));
    }

    @Test
    void pollingClientThatIgnoresPingsIsClosedWithPingTimeout() {
        String sid = polling.open();
        assertEquals("2", polling.poll(sid).body());
        long start = System.nanoTime();
        assertEquals("1", polling.poll(sid).body(), "after pingTimeout the held GET gets the close packet");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(DEAD_CLIENT_GONE) < 0);
        assertEquals(400, polling.poll(sid).statusCode());
    }

    @Test
    void webSocketClientThatAnswersPingsStaysConnected() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            for (int ping = 0; ping < 5; ping++) {
                assertEquals("2", ws.nextText(WAIT));
                ws.send("3");
            }
            ws.send("4still open");
            String next = ws.nextText(WAIT);
            if ("2".equals(next)) {
                ws.send("3");
                next = ws.nextText(WAIT);
            }
            assertEquals("4still open", next);
        }
    }

    @Test
    void webSocketClientThatIgnoresPingsIsClosedWithPingTimeout() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            assertEquals("2", ws.nextText(WAIT));
            assertEquals("1", ws.nextText(DEAD_CLIENT_GONE));
            assertEquals(new WsClient.Closed(1000, "ping timeout"), ws.awaitClose(WAIT));
        }
    }

    /**
     * Opens and ends 1,000 sessions four ways (client close packet, client WebSocket close, server close, ping
     * timeout after the client vanished) and checks that the registry, the timers and the engine's threads are
     * back where they started.
     */
    @Test
    void thousandSessionsLeaveNothingBehind() throws Exception {
        JsonObject before = awaitProbe(p -> p.getInt("sessions") == 0 && p.getInt("timers") == 0, DEAD_CLIENT_GONE);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int kind = i % 4;
                done.add(clients.submit(() -> openAndEnd(kind)));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("a session failed; server threads:\n"
                            + polling.get(root.resolve("test-probe/engine?threads")).body(), e.getCause());
                }
            }
        } finally {
            clients.shutdownNow();
        }
        JsonObject after = awaitProbe(p -> p.getInt("sessions") == 0 && p.getInt("timers") == 0, Duration.ofSeconds(20));
        assertEquals(before.getInt("engineThreads"), after.getInt("engineThreads"), after.toString());
        assertEquals(before.getInt("switchboardThreads"), after.getInt("switchboardThreads"), after.toString());
    }

    private void openAndEnd(int kind) {
        switch (kind) {
            case 0 -> assertEquals("ok", polling.post(polling.open(), "1").body());
            case 1 -> polling.open(); // vanishes: ping timeout
            case 2 -> {
                try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
                    ws.nextText(WAIT);
                    ws.closeNormally();
                    ws.awaitClose(WAIT);
                }
            }
            default -> {
                try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
                    ws.nextText(WAIT);
                    ws.send("4close");
                    ws.awaitClose(WAIT);
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Polls (answering pings) until a payload satisfies the condition. */
    private void pollUntil(String sid, Predicate<List<String>> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = polling.poll(sid);
            assertEquals(200, r.statusCode(), r.body());
            List<String> packets = PollingClient.packets(r.body());
            if (condition.test(packets)) {
                return;
            }
            if (packets.contains("2")) {
                polling.post(sid, "3");
            }
        }
        throw new AssertionError("condition not met within " + WAIT);
    }

    private JsonObject probe() {
        HttpResponse<String> r = polling.get(root.resolve("test-probe/engine"));
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private JsonObject awaitProbe(Predicate<JsonObject> condition, Duration timeout) {
        return dev.switchboard.testing.Await.value("the engine to settle", timeout, this::probe, condition);
    }
}
