package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.socketio.SocketIoSocket;
import dev.switchboard.testing.Await;
import io.socket.client.Ack;
import io.socket.client.Socket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The abuse limits against the built WAR (Socket.IO layer, chat demo and {@link AbuseTestHandlers}) with small
 * limits ({@code abuse.properties}): 30 connections, 5 new connections per second per address (burst 10), 20
 * packets per second per connection (burst 40), 64 queued packets per client, 127.0.0.1 a trusted proxy.
 * <p>
 * The tests connect to 127.0.0.1. Each test gives its clients addresses of its own with {@code X-Forwarded-For}
 * (believed from 127.0.0.1), so no test spends another's tokens; only the polling flood uses 127.0.0.1 itself, and
 * the spoofing test comes from 127.0.0.2, which is not trusted.
 */
@ExtendWith(ArquillianExtension.class)
class AbuseIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String XFF = "X-Forwarded-For";
    /** A refused new connection: the per-address limit. */
    private static final String TOO_MANY_REQUESTS = "{\"code\":102,\"message\":\"Too many requests\"}";
    /** A refused new connection: the node's total. */
    private static final String TOO_MANY_CONNECTIONS = "{\"code\":101,\"message\":\"Too many connections\"}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return EngineTestDeployment.socketIoWarWith("abuse.properties", AbuseTestHandlers.class);
    }

    @ArquillianResource
    private URL deployed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> pollingSessions = new ArrayList<>();
    private URI base;
    private URI engine;
    private PollingClient polling;

    @BeforeEach
    void setUp() {
        base = URI.create("http://127.0.0.1:" + deployed.getPort() + deployed.getPath());
        engine = base.resolve("socket.io/");
        polling = new PollingClient(engine);
    }

    @AfterEach
    void closePollingSessions() {
        for (String sid : pollingSessions) {
            polling.close(sid);
        }
    }

    // ---- new connections per address -----------------------------------------------------------------------

    @Test
    void pollingHandshakeFloodGets429WithRetryAfterUntilTheAddressesBucketRefills() {
        long start = System.nanoTime();
        List<HttpResponse<String>> flood = parallel(30, i -> polling.handshake(Map.of()));
        int refilled = refilledSince(start);
        List<HttpResponse<String>> refused = flood.stream().filter(r -> r.statusCode() != 200).toList();
        int accepted = keepSessions(flood);
        assertTrue(accepted >= 10 && accepted <= 10 + refilled, "burst 10 plus " + refilled + ": " + accepted);
        assertFalse(refused.isEmpty());
        for (HttpResponse<String> r : refused) {
            assertRefusal(r, 429, TOO_MANY_REQUESTS, "1");
        }

        // 20 requests with a sid right away, while the address has at most a token or two: none is refused
        List<String> sids = List.copyOf(pollingSessions.subList(0, 10));
        for (HttpResponse<String> r : parallel(10, i -> polling.post(sids.get(i), "40"))) {
            assertEquals("ok", r.body(), "requests with a sid are not new connections");
        }
        for (HttpResponse<String> r : parallel(10, i -> polling.poll(sids.get(i)))) {
            assertTrue(r.body().startsWith("40{"), r.body());
        }

        HttpResponse<String> again = Await.value("a handshake once a token came back", WAIT,
                () -> polling.handshake(Map.of()), r -> r.statusCode() == 200);
        keepSessions(List.of(again));
    }

    @Test
    void webSocketUpgradeFloodGets429BeforeTheUpgrade() {
        Map<String, String> from = Map.of(XFF, "198.51.100.2");
        HttpResponse<String> first = polling.handshake(from);
        keepSessions(List.of(first));
        String sid = pollingSessions.get(0);

        long start = System.nanoTime();
        List<RawHttp.Response> flood = parallel(25, i -> RawHttp.upgrade(ws("EIO=4&transport=websocket"), from));
        int refilled = refilledSince(start);
        long upgraded = flood.stream().filter(r -> r.status() == 101).count();
        List<RawHttp.Response> refused = flood.stream().filter(r -> r.status() != 101).toList();
        assertTrue(upgraded >= 9 && upgraded <= 9 + refilled, "9 tokens left plus " + refilled + ": " + upgraded);
        assertFalse(refused.isEmpty());
        for (RawHttp.Response r : refused) {
            assertEquals(429, r.status(), r.head());
            assertEquals(TOO_MANY_REQUESTS, r.body());
            assertEquals("application/json", r.header("Content-Type").split(";")[0]);
            assertEquals("1", r.header("Retry-After"), r.head());
            assertNull(r.header("Sec-WebSocket-Accept"), "not upgraded");
        }

        try (WsClient probe = WsClient.connect(ws("EIO=4&transport=websocket&sid=" + sid), from)) {
            probe.send("2probe");
            assertEquals("3probe", probe.nextText(WAIT), "the upgrade of an existing session is not counted");
        }
        Await.until("an upgrade once a token came back", WAIT,
                () -> RawHttp.upgrade(ws("EIO=4&transport=websocket"), from).status() == 101);
    }

    @Test
    void forwardedForIsIgnoredWhenThePeerIsNotATrustedProxy() throws Exception {
        InetAddress untrusted = InetAddress.getByName("127.0.0.2");
        // each request claims another client address; from 127.0.0.2 the claim is ignored: one bucket for all
        long start = System.nanoTime();
        List<RawHttp.Response> flood = parallel(30, i -> RawHttp.getFrom(untrusted,
                engine.resolve("?EIO=4&transport=polling"), Map.of(XFF, "203.0.113." + (i + 1))));
        int refilled = refilledSince(start);
        List<RawHttp.Response> accepted = flood.stream().filter(r -> r.status() == 200).toList();
        accepted.forEach(r -> pollingSessions.add(PollingClient.openPacket(r.body()).getString("sid")));
        assertTrue(accepted.size() >= 10 && accepted.size() <= 10 + refilled,
                "one burst of 10 for all of them, plus " + refilled + ": " + accepted.size());
        for (RawHttp.Response r : flood) {
            if (r.status() != 200) {
                assertEquals(429, r.status(), r.head());
                assertEquals(TOO_MANY_REQUESTS, r.body());
            }
        }
        // from the trusted proxy, the same header does count: these addresses are all fresh
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> viaProxy = polling.handshake(Map.of(XFF, "203.0.113." + i));
            assertEquals(200, viaProxy.statusCode(), viaProxy.body());
            keepSessions(List.of(viaProxy));
        }
    }

    // ---- the node's total --------------------------------------------------------------------------------

    @Test
    void theTotalCapGives503OnBothTransportsAndHoldsUnderRacingUpgrades() throws Exception {
        awaitSessions(0);
        for (int i = 1; i <= 30; i++) {
            HttpResponse<String> r = polling.handshake(Map.of(XFF, "10.4.0." + i));
            assertEquals(200, r.statusCode(), "connection " + i + ": " + r.body());
            keepSessions(List.of(r));
        }
        assertEquals(30, probe().getInt("sessions"));

        assertRefusal(polling.handshake(Map.of(XFF, "10.4.1.1")), 503, TOO_MANY_CONNECTIONS, "5");
        RawHttp.Response upgrade = RawHttp.upgrade(ws("EIO=4&transport=websocket"), Map.of(XFF, "10.4.1.2"));
        assertEquals(503, upgrade.status(), upgrade.head());
        assertEquals(TOO_MANY_CONNECTIONS, upgrade.body());
        assertEquals("5", upgrade.header("Retry-After"));

        polling.close(pollingSessions.remove(0));
        HttpResponse<String> freed = polling.handshake(Map.of(XFF, "10.4.1.3"));
        assertEquals(200, freed.statusCode(), "a closed session frees its place: " + freed.body());
        keepSessions(List.of(freed));

        // one place left and ten upgrades racing for it: each passes or fails the upgrade filter's early check, and
        // those that pass race in the engine's atomic reservation; exactly one wins
        polling.close(pollingSessions.remove(0));
        List<Object> outcomes = parallel(10, i -> {
            try {
                WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"), Map.of(XFF, "10.4.2." + i));
                Object first = ws.next(WAIT);
                if (first instanceof String open && open.startsWith("0{")) {
                    return ws; // closed below
                }
                ws.close();
                return first;
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
                throw e;
            }
        });
        try {
            long opened = outcomes.stream().filter(o -> o instanceof WsClient).count();
            assertEquals(1, opened, "outcomes: " + outcomes);
            for (Object o : outcomes) {
                assertTrue(o instanceof WsClient || Integer.valueOf(503).equals(o)
                        || (o instanceof WsClient.Closed c && c.code() == 1013), "refused with 503 or 1013: " + o);
            }
            assertEquals(30, probe().getInt("sessions"));
        } finally {
            outcomes.stream().filter(o -> o instanceof WsClient).forEach(o -> ((WsClient) o).close());
        }
        closePollingSessions();
        pollingSessions.clear();
        awaitSessions(0);
        Await.value("the per-address table swept empty", WAIT, () -> probe().getInt("trackedAddresses"), n -> n == 0);
    }

    // ---- packets per connection ----------------------------------------------------------------------------

    @Test
    void eventFloodIsDisconnectedWithANoticeWhileOthersKeepGettingTheirAcks() throws Exception {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (IoClient healthy = IoClient.connectWithHeaders(base, Transports.WEBSOCKET, Map.of(XFF, "10.5.0.1"))) {
            // one acknowledged echo every 100 ms for 6 s: 61 packets with the CONNECT, more than the burst of 40
            // at half the allowed rate, so the healthy client is never cut off
            int acks = 60;
            Queue<Long> latencies = new ConcurrentLinkedQueue<>();
            CountDownLatch acked = new CountDownLatch(acks);
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i < acks) {
                    long t0 = System.nanoTime();
                    healthy.socket().emit("abuse:echo", i, (Ack) args -> {
                        latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                        acked.countDown();
                    });
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            for (Transports t : List.of(Transports.WEBSOCKET, Transports.POLLING)) {
                try (IoClient flooder = IoClient.connectWithHeaders(base, t, Map.of(XFF, "10.5.1." + t.ordinal()))) {
                    String id = flooder.id();
                    for (int i = 0; i < 500; i++) {
                        flooder.emit("abuse:echo", i);
                    }
                    Object[] notice = flooder.await(SocketIoSocket.NOTICE_EVENT);
                    assertEquals("rate limit exceeded", ((JSONObject) notice[0]).getString("reason"), t.name());
                    assertEquals("io server disconnect", flooder.await(Socket.EVENT_DISCONNECT)[0], t.name());
                    assertEquals("rate limit exceeded", healthy.emitWithAck("abuse:reason-of", id)[0], t.name());
                }
            }

            assertTrue(acked.await(30, TimeUnit.SECONDS), "acks received: " + latencies.size() + " of " + acks);
            long slowest = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(slowest < 3000, "the healthy client's slowest ack took " + slowest + " ms: " + latencies);
            assertTrue(healthy.socket().connected(), "the healthy client is still connected");
        } finally {
            pacer.shutdownNow();
        }
    }

    // ---- slow consumers ------------------------------------------------------------------------------------

    @Test
    void slowConsumerIsClosedWhileAHealthyClientGetsEveryBroadcastInTime() throws Exception {
        awaitSessions(0);
        int count = 450;
        int size = 64 * 1024;
        long interval = 20;
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (IoClient control = IoClient.connectWithHeaders(base, "/abuse", Transports.WEBSOCKET, Map.of(XFF, "10.6.0.1"));
             WsClient healthy = WsClient.connect(ws("EIO=4&transport=websocket"), Map.of(XFF, "10.6.0.2"));
             StalledWebSocket stalled = StalledWebSocket.open(engine, Map.of(XFF, "10.6.0.3"))) {
            assertTrue(healthy.nextText(WAIT).startsWith("0{"));
            joinMainNamespace(healthy);
            // the healthy client is a raw WebSocket reading as fast as it can, so what it measures is the server
            Future<BlastReceipt> receipt = reader.submit(() -> BlastReceipt.read(healthy));
            awaitSessions(3);
            long heapBefore = usedHeap();

            // 450 broadcasts of 64 KiB to everyone on "/", one every 20 ms (29 MB in 9 s); the stalled client takes
            // what fits in TCP and container buffers (about 10 MB), then its 64-packet queue fills and it is closed
            control.emitWithAck("abuse:blast", count, size, interval);
            awaitSessions(2);
            BlastReceipt got = receipt.get(60, TimeUnit.SECONDS);
            assertEquals("slow consumer", control.emitWithAck("abuse:reason-of", stalled.socketId())[0]);

            assertEquals(count, got.received(), "the healthy client got every broadcast, in order");
            assertTrue(got.slowestEmitMillis() < 2000, "one broadcast call took " + got.slowestEmitMillis()
                    + " ms: the stalled client held the broadcaster up");
            // loose: a loaded machine delays everything a little; a broadcaster stuck on the stalled client would
            // delay everything until that client goes away
            assertTrue(got.latestMillis() < 5000, "a broadcast reached the healthy client " + got.latestMillis()
                    + " ms after it was due");
            // measured while the stalled client still holds its connection: what the server keeps for it is bounded
            // by its send queue and the container's write buffers (about 8 MB), far less than the 29 MB sent
            long grown = usedHeap() - heapBefore;
            assertTrue(grown < 18L * 1024 * 1024, "the server's heap grew by " + grown / 1024 + " KiB");
        } finally {
            reader.shutdownNow();
        }
    }

    /** What a raw client saw of a blast: broadcasts in order, the latest against its due time, the server's figure. */
    private record BlastReceipt(int received, long latestMillis, long slowestEmitMillis) {

        private static final java.util.regex.Pattern BLAST =
                java.util.regex.Pattern.compile("42\\[\"blast\",(\\d+),(\\d+),.*", java.util.regex.Pattern.DOTALL);
        private static final java.util.regex.Pattern DONE =
                java.util.regex.Pattern.compile("42\\[\"blast-done\",(\\d+),(\\d+)\\]");

        /** Reads frames until "blast-done" (answering pings), checking that the broadcasts come in order. */
        static BlastReceipt read(WsClient ws) {
            int received = 0;
            long latest = 0;
            while (true) {
                String frame = ws.nextText(Duration.ofSeconds(30));
                long now = System.currentTimeMillis();
                if ("2".equals(frame)) {
                    ws.send("3");
                    continue;
                }
                java.util.regex.Matcher done = DONE.matcher(frame);
                if (done.matches()) {
                    return new BlastReceipt(received, latest, Long.parseLong(done.group(2)));
                }
                java.util.regex.Matcher blast = BLAST.matcher(frame.substring(0, Math.min(64, frame.length())));
                if (blast.matches()) {
                    assertEquals(received, Integer.parseInt(blast.group(1)), "broadcasts in order");
                    received++;
                    latest = Math.max(latest, now - Long.parseLong(blast.group(2)));
                }
            }
        }
    }

    // ---- attachment bombs ----------------------------------------------------------------------------------

    @Test
    void attachmentBombsAreRefusedOnBothTransportsWithoutWaitingForTheAttachments() {
        String bomb = "451000000-[\"bomb\",{\"_placeholder\":true,\"num\":0}]";
        try (IoClient healthy = IoClient.connectWithHeaders(base, Transports.WEBSOCKET, Map.of(XFF, "10.7.0.1"))) {
            try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"), Map.of(XFF, "10.7.0.2"))) {
                assertTrue(ws.nextText(WAIT).startsWith("0{"));
                String id = joinMainNamespace(ws);
                ws.send(bomb);
                assertEquals(new WsClient.Closed(1002, "parse error"), ws.awaitClose(WAIT));
                assertEquals("parse error", healthy.emitWithAck("abuse:reason-of", id)[0]);
            }
            try (WsClient ws = WsClient.connect(ws("EIO=4&transport=websocket"), Map.of(XFF, "10.7.0.3"))) {
                assertTrue(ws.nextText(WAIT).startsWith("0{"));
                joinMainNamespace(ws);
                ws.send(new byte[] {1, 2, 3});
                assertEquals(new WsClient.Closed(1002, "parse error"), ws.awaitClose(WAIT),
                        "an attachment nobody announced");
            }

            HttpResponse<String> open = polling.handshake(Map.of(XFF, "10.7.0.4"));
            String sid = PollingClient.openPacket(open.body()).getString("sid");
            polling.post(sid, "40");
            String connect = polling.poll(sid).body();
            assertTrue(connect.startsWith("40{"), connect);
            String id = Json.createReader(new StringReader(connect.substring(2))).readObject().getString("sid");
            assertEquals("ok", polling.post(sid, bomb).body());
            assertEquals("1", polling.poll(sid).body(), "the close packet");
            assertEquals(400, polling.poll(sid).statusCode(), "the session is gone");
            assertEquals("parse error", healthy.emitWithAck("abuse:reason-of", id)[0]);

            assertEquals("still here", healthy.emitWithAck("abuse:echo", "still here")[0]);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private URI ws(String query) {
        return URI.create(engine.toString().replaceFirst("^http", "ws") + "?" + query);
    }

    /** Sends CONNECT for {@code /} on a raw Engine.IO WebSocket; returns the socket id. */
    private static String joinMainNamespace(WsClient ws) {
        ws.send("40");
        String connect = ws.nextText(WAIT);
        assertTrue(connect.startsWith("40{"), connect);
        return Json.createReader(new StringReader(connect.substring(2))).readObject().getString("sid");
    }

    /** The most tokens an address can have got back since {@code startNanos}, at 5 per second (rounded up). */
    private static int refilledSince(long startNanos) {
        return (int) Math.ceil((System.nanoTime() - startNanos) * 5 / 1e9) + 1;
    }

    /** Remembers the sessions of accepted handshakes (closed after the test); returns how many were accepted. */
    private int keepSessions(List<HttpResponse<String>> handshakes) {
        int accepted = 0;
        for (HttpResponse<String> r : handshakes) {
            if (r.statusCode() == 200) {
                pollingSessions.add(PollingClient.openPacket(r.body()).getString("sid"));
                accepted++;
            }
        }
        return accepted;
    }

    private static void assertRefusal(HttpResponse<String> r, int status, String json, String retryAfter) {
        assertEquals(status, r.statusCode(), r.body());
        PollingClient.error(r); // checks the content type
        assertEquals(json, r.body());
        assertEquals(retryAfter, r.headers().firstValue("Retry-After").orElse(null));
    }

    /** Runs {@code n} calls at once (released together) and returns their results in order. */
    private static <T> List<T> parallel(int n, IntFunction<T> call) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new AssertionError("parallel calls failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonObject probe() {
        return probe("");
    }

    private JsonObject probe(String query) {
        return Json.createReader(new StringReader(probeText(query))).readObject();
    }

    private long usedHeap() {
        return probe("?heap").getJsonNumber("usedHeap").longValue();
    }

    private void awaitSessions(int n) {
        try {
            Await.value(n + " open sessions", Duration.ofSeconds(20), () -> probe().getInt("sessions"), s -> s == n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; sessions: " + probeText("?list"), e);
        }
    }

    private String probeText(String query) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("test-probe/engine" + query))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError("probe failed: " + e, e);
        }
    }
}
