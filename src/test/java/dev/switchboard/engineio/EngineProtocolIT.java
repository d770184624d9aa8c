package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.ServerFrames;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Engine.IO over both transports against the built WAR on a real Payara Micro, with raw HTTP and WebSocket
 * clients. Default heartbeat (so pings stay out of the way; see {@code EngineHeartbeatIT}), upgradeTimeout 1 s.
 */
@ExtendWith(ArquillianExtension.class)
class EngineProtocolIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALLOWED = "http://allowed.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return EngineTestDeployment.builtWarWith("engine-protocol.properties");
    }

    @ArquillianResource
    private URL base;

    private PollingClient polling;
    private URI engine;

    @BeforeEach
    void setUp() throws Exception {
        engine = base.toURI().resolve("socket.io/");
        polling = new PollingClient(engine);
    }

    private URI ws(String query) {
        return URI.create(engine.toString().replaceFirst("^http", "ws") + "?" + query);
    }

    // ---- handshake -------------------------------------------------------------------------------------------

    @Test
    void pollingHandshakeAdvertisesSocketIoDefaults() {
        JsonObject open = polling.handshake();
        assertTrue(open.getString("sid").matches("[A-Za-z0-9_-]{24}"), open.toString());
        assertEquals(List.of("websocket"), open.getJsonArray("upgrades").getValuesAs(v -> ((jakarta.json.JsonString) v).getString()));
        assertEquals(25000, open.getInt("pingInterval"));
        assertEquals(20000, open.getInt("pingTimeout"));
        assertEquals(1000000, open.getInt("maxPayload"));
    }

    @Test
    void sessionIdsAreDistinct() {
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            sids.add(polling.open());
        }
        assertEquals(50, sids.size());
    }

    @Test
    void webSocketHandshakeSendsOpenPacketWithNoUpgrades() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            JsonObject open = PollingClient.openPacket(ws.nextText(WAIT));
            assertEquals(0, open.getJsonArray("upgrades").size());
            assertEquals(24, open.getString("sid").length());
        }
    }

    // ---- the error catalogue -------------------------------------------------------------------------------

    @Test
    void missingOrInvalidEioIsBadRequest() {
        assertError(polling.get(polling.uri("transport=polling")), 400, 3, "Bad request");
        assertError(polling.get(polling.uri("EIO=abc&transport=polling")), 400, 3, "Bad request");
    }

    @Test
    void otherProtocolVersionIsUnsupported() {
        assertError(polling.get(polling.uri("EIO=3&transport=polling")), 400, 5, "Unsupported protocol version");
    }

    @Test
    void unknownTransportIsRefused() {
        assertError(polling.get(polling.uri("EIO=4&transport=flash")), 400, 0, "Transport unknown");
        assertError(polling.get(polling.uri("EIO=4")), 400, 0, "Transport unknown");
    }

    @Test
    void handshakeByPostIsBadHandshakeMethod() {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                .POST(HttpRequest.BodyPublishers.ofString("4x")));
        assertError(r, 400, 2, "Bad handshake method");
    }

    @Test
    void unknownSidIsRefusedOnBothTransports() {
        assertError(polling.poll("not-a-session"), 400, 1, "Session ID unknown");
        assertError(polling.post("not-a-session", "4x"), 400, 1, "Session ID unknown");
        RawHttp.Response r = RawHttp.upgrade(ws("EIO=4&transport=websocket&sid=not-a-session"), Map.of());
        assertEquals(400, r.status(), r.head());
        assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", r.body());
    }

    @Test
    void invalidUpgradeRequestsGetJsonErrorsWithoutUpgrading() {
        RawHttp.Response noEio = RawHttp.upgrade(ws("transport=websocket"), Map.of());
        assertEquals(400, noEio.status());
        assertEquals("{\"code\":3,\"message\":\"Bad request\"}", noEio.body());
        RawHttp.Response oldEio = RawHttp.upgrade(ws("EIO=3&transport=websocket"), Map.of());
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}", oldEio.body());
        RawHttp.Response pollingUpgrade = RawHttp.upgrade(ws("EIO=4&transport=polling"), Map.of());
        assertEquals("{\"code\":3,\"message\":\"Bad request\"}", pollingUpgrade.body());
    }

    @Test
    void otherMethodsOnASessionAreBadRequest() {
        String sid = polling.open();
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.sessionUri(sid))
                .PUT(HttpRequest.BodyPublishers.ofString("4x")));
        assertError(r, 400, 3, "Bad request");
    }

    // ---- messages ------------------------------------------------------------------------------------------

    @Test
    void pollingCarriesTextAndBase64BinaryBothWays() {
        String sid = polling.open();
        HttpResponse<String> posted = polling.post(sid, "4hello" + PollingClient.SEP + "bAQID" + PollingClient.SEP + "4é✓");
        assertEquals(200, posted.statusCode());
        assertEquals("ok", posted.body());
        HttpResponse<String> got = polling.poll(sid);
        assertEquals(200, got.statusCode());
        assertEquals("text/plain;charset=UTF-8", got.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        assertEquals(List.of("4hello", "bAQID", "4é✓"), PollingClient.packets(got.body()));
    }

    @Test
    void webSocketCarriesTextAndBinaryFrames() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("4hello");
            assertEquals("4hello", ws.nextText(WAIT));
            ws.send(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) ws.next(WAIT));
        }
    }

    @Test
    void manySendsOnOneWebSocketArriveInOrder() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("4flood:500");
            for (int i = 0; i < 500; i++) {
                assertEquals("4m" + i, ws.nextText(WAIT));
            }
        }
    }

    @Test
    void heldGetIsAnsweredWhenAMessageArrives() throws Exception {
        String sid = polling.open();
        CompletableFuture<HttpResponse<String>> held = polling.heldPoll(sid);
        polling.post(sid, "4ping-me");
        assertEquals("4ping-me", held.get(10, TimeUnit.SECONDS).body());
    }

    @Test
    void volatileMessagesAreDroppedUnlessTheyCanLeaveAtOnce() throws Exception {
        String sid = polling.open();
        polling.post(sid, "4volatile:3");
        CompletableFuture<HttpResponse<String>> held = polling.heldPoll(sid);
        assertTrue(!held.isDone(), "no GET was waiting: all three were dropped");
        polling.post(sid, "4volatile:3");
        assertEquals("4v0", held.get(10, TimeUnit.SECONDS).body(), "the first took the waiting GET, the rest were dropped");
        polling.post(sid, "4marker");
        assertEquals("4marker", polling.poll(sid).body());
    }

    // ---- upgrade -------------------------------------------------------------------------------------------

    @Test
    void pollingUpgradesToWebSocketAndRefusesTheOldWays() throws Exception {
        String sid = polling.open();
        CompletableFuture<HttpResponse<String>> held = polling.heldPoll(sid);
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket&sid=" + sid))) {
            ws.send("2probe");
            assertEquals("3probe", ws.nextText(WAIT));
            assertEquals("6", held.get(10, TimeUnit.SECONDS).body(), "the held GET is released with a noop");
            ws.send("5");
            ws.send("4after upgrade");
            assertEquals("4after upgrade", ws.nextText(WAIT));

            assertError(polling.poll(sid), 400, 3, "Bad request");
            assertError(polling.post(sid, "4x"), 400, 3, "Bad request");
            RawHttp.Response second = RawHttp.upgrade(ws("EIO=4&transport=websocket&sid=" + sid), Map.of());
            assertEquals(400, second.status());
            assertEquals("{\"code\":3,\"message\":\"Bad request\"}", second.body());

            ws.send("4still here");
            assertEquals("4still here", ws.nextText(WAIT));
        }
    }

    /**
     * On Payara the WebSocket connections are Switchboard's own below the servlet container
     * ({@code GrizzlyWebSocket}): no Tyrus session is made, and after the first frame from the client the
     * container's HTTP state of the upgrade request is let go. Frames flow both ways; the writer threads of large
     * broadcasts are Grizzly worker threads ({@code GrizzlyWriterThreads}). MetricsIT runs Tyrus with its fast
     * paths, EngineHeartbeatIT the portable path with every fast path off.
     */
    @Test
    void webSocketsAreOwnedConnectionsBelowTheContainer() {
        JsonObject before = probe();
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("4over an owned connection");
            assertEquals("4over an owned connection", ws.nextText(WAIT));
        }
        JsonObject after = probe();
        assertEquals(before.getJsonNumber("ownedWebSockets").longValue() + 1,
                after.getJsonNumber("ownedWebSockets").longValue(), "the connection was upgraded to an owned one");
        assertEquals(before.getJsonNumber("ownedReleased").longValue() + 1,
                after.getJsonNumber("ownedReleased").longValue(), "its first frame let the container's HTTP state go");
        assertEquals(before.getJsonNumber("tyrusIdleShortcut").longValue(),
                after.getJsonNumber("tyrusIdleShortcut").longValue(), "no Tyrus session was made");
        assertEquals("org.glassfish.grizzly.threadpool.DefaultWorkerThread", after.getString("writerThreadClass"));
    }

    /**
     * A closed owned connection leaves nothing in the container: its upgrade handler, a CDI-managed object the
     * container keeps until told the connection is done, is destroyed whether the client closes first (with or
     * without a frame sent) or the server does. Until 2026-12-05 nothing told it, and every owned connection ever
     * opened kept its handler (and, through Payara's HTTP/2 filter, the whole connection: OwnedConnectionCloseTest).
     */
    @Test
    void closedOwnedConnectionsHaveTheirUpgradeHandlersDestroyed() throws Exception {
        long before = probe().getJsonNumber("ownedHandlersDestroyed").longValue();
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT); // open packet; closed by the client with no frame sent
        }
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("4a frame first");
            assertEquals("4a frame first", ws.nextText(WAIT));
        }
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("1"); // Engine.IO close: the server ends the connection
            ws.awaitClose(WAIT);
        }
        Await.until("the three connections' upgrade handlers destroyed", WAIT,
                () -> probe().getJsonNumber("ownedHandlersDestroyed").longValue() >= before + 3);
    }

    /**
     * The owned connection speaks RFC 6455 on its own: the accept value of the RFC's example key, a pong with the
     * ping's payload, a fragmented message with a ping between its fragments, and the close handshake (the server
     * echoes the client's code, then ends the TCP connection).
     */
    @Test
    void ownedConnectionsSpeakTheWebSocketProtocol() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(ws("EIO=4&transport=websocket"), WAIT)) {
            assertTrue(ws.responseHead.startsWith("HTTP/1.1 101"), ws.responseHead);
            assertTrue(ws.responseHead.contains("Sec-WebSocket-Accept: " + RawWebSocket.ACCEPT), ws.responseHead);
            ServerFrames.Frame open = ws.next();
            assertEquals(0x1, open.opcode());
            assertTrue(open.text().startsWith("0{\"sid\":"), open.text());

            ws.send(0x89, "are you there");
            ServerFrames.Frame pong = ws.next();
            assertEquals(0xA, pong.opcode());
            assertEquals("are you there", pong.text());

            ws.send(0x01, "4frag").send(0x89, "p").send(0x00, "men").send(0x80, "ted");
            assertEquals(0xA, ws.next().opcode());
            assertEquals("4fragmented", ws.next().text());

            ws.send(0x88, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}, true);
            ServerFrames.Frame close = ws.next();
            assertEquals(0x8, close.opcode());
            assertEquals(1000, close.closeCode());
            assertTrue(ws.endOfStream(), "the server ends the connection after the close handshake");
        }
    }

    /**
     * Owned connections ended every way leave no session behind: a close frame from the client, the TCP connection
     * dropped without one, and an Engine.IO close packet (the server sends its close frame and ends the connection
     * on the client's answer, or once after its 2 s grace without one).
     */
    @Test
    void ownedConnectionsEndedEveryWayLeaveNoSession() throws Exception {
        int before = probe().getInt("sessions");
        for (int i = 0; i < 30; i++) {
            RawWebSocket ws = RawWebSocket.connect(ws("EIO=4&transport=websocket"), WAIT);
            try {
                ws.next(); // the open packet
                switch (i % 3) {
                    case 0 -> {
                        ws.send(0x88, new byte[] {0x03, (byte) 0xE8}, true);
                        assertEquals(1000, ws.next().closeCode());
                        assertTrue(ws.endOfStream());
                    }
                    case 1 -> ws.close();
                    default -> {
                        ws.send(0x81, "1");
                        assertEquals(0x8, ws.next().opcode());
                        if (i > 2) {
                            ws.send(0x88, new byte[] {0x03, (byte) 0xE8}, true); // the client's answer ends it now
                        }
                        assertTrue(ws.endOfStream(), "the server ends the connection");
                    }
                }
            } finally {
                ws.close();
            }
        }
        Await.value("sessions back to " + before, WAIT, () -> probe().getInt("sessions"), n -> n == before);
    }

    /** Frames a server must refuse close the owned connection with the RFC's code, then end it. */
    @Test
    void brokenFramesCloseOwnedConnectionsWithTheirCode() throws Exception {
        Object[][] cases = {
            {"unmasked", 0x81, "4x".getBytes(StandardCharsets.UTF_8), false, 1002},
            {"reserved opcode", 0x83, "4x".getBytes(StandardCharsets.UTF_8), true, 1002},
            {"text that is not UTF-8", 0x81, new byte[] {'4', (byte) 0xFF}, true, 1007},
        };
        for (Object[] c : cases) {
            try (RawWebSocket ws = RawWebSocket.connect(ws("EIO=4&transport=websocket"), WAIT)) {
                ws.next(); // the open packet
                ws.send((int) c[1], (byte[]) c[2], (boolean) c[3]);
                ServerFrames.Frame close = ws.next();
                assertEquals(0x8, close.opcode(), (String) c[0]);
                assertEquals((int) c[4], close.closeCode(), (String) c[0]);
                assertTrue(ws.endOfStream(), c[0] + ": the connection ends");
            }
        }
    }

    /**
     * A burst of connects grows Payara's HTTP worker pool to its maximum, and a trickle of requests afterwards keeps
     * every worker from idling out; server-config/pre-boot-commands.txt caps the pool at 32 (Payara's default is
     * 200, ~180 KB of stack and I/O buffer each, which the idle-memory bench counted as 3.5 KB per connection).
     */
    @Test
    void aBurstOfHandshakesLeavesAtMost32HttpWorkers() throws Exception {
        HttpClient burst = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(burst.sendAsync(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> sids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(90, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            sids.add(PollingClient.openPacket(r.body()).getString("sid"));
        }
        sids.forEach(polling::close);
        long workers = probe().getJsonNumber("httpWorkers").longValue();
        assertTrue(workers >= 2 && workers <= 32, workers + " HTTP worker threads");
    }

    private JsonObject probe() {
        HttpResponse<String> r = polling.get(engine.resolve("../test-probe/engine"));
        return jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readObject();
    }

    @Test
    void messagesQueuedDuringTheUpgradeArriveOnTheWebSocket() throws Exception {
        String sid = polling.open();
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket&sid=" + sid))) {
            ws.send("2probe");
            assertEquals("3probe", ws.nextText(WAIT));
            polling.post(sid, "4queued");
            ws.send("5");
            assertEquals("4queued", ws.nextText(WAIT));
        }
    }

    @Test
    void secondProbeWhileUpgradingIsRefused() {
        String sid = polling.open();
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket&sid=" + sid))) {
            ws.send("2probe");
            assertEquals("3probe", ws.nextText(WAIT), "the first probe is attached");
            RawHttp.Response second = RawHttp.upgrade(ws("EIO=4&transport=websocket&sid=" + sid), Map.of());
            assertEquals(400, second.status());
        }
    }

    @Test
    void upgradeThatNeverCompletesIsAbandonedAndPollingGoesOn() {
        String sid = polling.open();
        try (WsClient probe = WsClient.connect(ws("EIO=4&transport=websocket&sid=" + sid))) {
            probe.send("2probe");
            assertEquals("3probe", probe.nextText(WAIT));
            assertEquals(1011, probe.awaitClose(WAIT).code(), "the probe is closed after upgradeTimeout");
        }
        polling.post(sid, "4polling still works");
        assertEquals("4polling still works", polling.poll(sid).body());
    }

    // ---- closing -------------------------------------------------------------------------------------------

    @Test
    void secondConcurrentGetClosesTheSession() throws Exception {
        String sid = polling.open();
        CompletableFuture<HttpResponse<String>> first = polling.heldPoll(sid);
        assertError(polling.poll(sid), 400, 3, "Bad request");
        assertEquals("1", first.get(10, TimeUnit.SECONDS).body(), "the held GET gets the close packet");
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    @Test
    void serverCloseReachesAPollingClientAsAClosepacket() {
        String sid = polling.open();
        polling.post(sid, "4close");
        assertEquals("1", polling.poll(sid).body());
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    @Test
    void serverCloseReachesAWebSocketClientAsACloseFrame() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("4close");
            assertEquals("1", ws.nextText(WAIT));
            assertEquals(new WsClient.Closed(1000, "forced close"), ws.awaitClose(WAIT));
        }
    }

    @Test
    void clientClosePacketEndsAPollingSession() throws Exception {
        String sid = polling.open();
        CompletableFuture<HttpResponse<String>> held = polling.heldPoll(sid);
        assertEquals("ok", polling.post(sid, "1").body());
        assertEquals("1", held.get(10, TimeUnit.SECONDS).body());
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    @Test
    void clientClosePacketEndsAWebSocketSession() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            String sid = PollingClient.openPacket(ws.nextText(WAIT)).getString("sid");
            ws.send("1");
            assertEquals(1000, ws.awaitClose(WAIT).code());
            RawHttp.Response r = RawHttp.upgrade(ws("EIO=4&transport=websocket&sid=" + sid), Map.of());
            assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", r.body());
        }
    }

    @Test
    void malformedPacketOnWebSocketClosesWithParseError() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("9nonsense");
            assertEquals(new WsClient.Closed(1002, "parse error"), ws.awaitClose(WAIT));
        }
    }

    @Test
    void malformedPollingPayloadIsBadRequestAndClosesTheSession() {
        String sid = polling.open();
        assertError(polling.post(sid, "4ok" + PollingClient.SEP + "x"), 400, 3, "Bad request");
        assertEquals("1", polling.poll(sid).body(), "the client is told with a close packet");
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    @Test
    void clientThatStopsReadingIsClosedAsSlowConsumer() {
        String sid = polling.open();
        polling.post(sid, "4flood:5000");
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    // ---- maxPayload ----------------------------------------------------------------------------------------

    @Test
    void oversizePostIsRefusedWith413BeforeItsBodyIsRead() {
        String sid = polling.open();
        RawHttp.Response r = RawHttp.postHeadersOnly(polling.sessionUri(sid), 1_000_001);
        assertEquals(413, r.status(), r.head());
        assertEquals("{\"code\":100,\"message\":\"Payload too large\"}", r.body());
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    @Test
    void oversizeChunkedPostIsRefusedWith413() {
        String sid = polling.open();
        RawHttp.Response r = RawHttp.postChunkedUntilAnswered(polling.sessionUri(sid), 50_000_000);
        assertEquals(413, r.status(), r.head());
        assertError(polling.poll(sid), 400, 1, "Session ID unknown");
    }

    @Test
    void postAtExactlyMaxPayloadIsAccepted() {
        String sid = polling.open();
        assertEquals(200, polling.post(sid, "4" + "x".repeat(999_999)).statusCode());
    }

    @Test
    void oversizeWebSocketMessageClosesWithMessageTooBig() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send("4" + "x".repeat(1_500_000));
            assertEquals(1009, ws.awaitClose(WAIT).code());
        }
    }

    @Test
    void oversizeBinaryWebSocketMessageClosesWithMessageTooBig() {
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"))) {
            ws.nextText(WAIT);
            ws.send(new byte[1_000_001]);
            assertEquals(1009, ws.awaitClose(WAIT).code());
        }
    }

    // ---- origins and CORS ----------------------------------------------------------------------------------

    @Test
    void allowedCrossOriginGetsCorsHeaders() {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                .header("Origin", ALLOWED).GET());
        assertEquals(200, r.statusCode());
        assertEquals(ALLOWED, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("true", r.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
    }

    @Test
    void preflightFromAllowedOriginIsAnswered() {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, r.statusCode());
        assertEquals(ALLOWED, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertEquals("content-type", r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }

    @Test
    void otherCrossOriginIsForbiddenWithoutCorsHeaders() {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                .header("Origin", "http://evil.example").GET());
        assertError(r, 403, 4, "Forbidden");
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> preflight = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                .header("Origin", "http://evil.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void sameOriginIsAllowedWithoutCorsHeaders() {
        String self = "http://" + engine.getHost() + ":" + engine.getPort();
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling"))
                .header("Origin", self).GET());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    /** Native and server-side clients send no Origin: allowed on both transports (documented in the README). */
    @Test
    void requestsWithoutAnOriginAreAllowedOnBothTransports() {
        HttpResponse<String> r = polling.send(HttpRequest.newBuilder(polling.uri("EIO=4&transport=polling")).GET());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        RawHttp.Response upgrade = RawHttp.upgrade(ws("EIO=4&transport=websocket"), Map.of());
        assertEquals(101, upgrade.status(), upgrade.head());
    }

    @Test
    void webSocketUpgradeChecksTheOrigin() {
        RawHttp.Response refused = RawHttp.upgrade(ws("EIO=4&transport=websocket"), Map.of("Origin", "http://evil.example"));
        assertEquals(403, refused.status());
        assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", refused.body());
        RawHttp.Response allowed = RawHttp.upgrade(ws("EIO=4&transport=websocket"), Map.of("Origin", ALLOWED));
        assertEquals(101, allowed.status());
        try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"), ALLOWED)) {
            assertTrue(ws.nextText(WAIT).startsWith("0{"));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void assertError(HttpResponse<String> r, int status, int code, String message) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject error = PollingClient.error(r);
        assertEquals(code, error.getInt("code"), r.body());
        assertEquals(message, error.getString("message"));
    }
}
