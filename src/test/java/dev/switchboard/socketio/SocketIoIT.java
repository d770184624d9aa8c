package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import dev.switchboard.engineio.WsClient;
import dev.switchboard.socketio.IoClient.Transports;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Socket.IO against the built WAR on Payara Micro with the official Java client over WebSocket only, polling only
 * and polling upgraded to WebSocket. Deployed with the conformance configuration
 * ({@code socketio-it.properties}: the conformance fixture's settings and handlers, with ping 300 ms / timeout 2 s)
 * plus {@link TestHandlers}.
 */
@ExtendWith(ArquillianExtension.class)
class SocketIoIT {

    private static final Duration WAIT = IoClient.WAIT;

    @Deployment(testable = false)
    static WebArchive deployment() {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(TestHandlers.class, AnnotatedTestHandlers.class, AnnotatedTestHandlers.Point.class,
                        dev.switchboard.engineio.EngineProbeServlet.class)
                .addAsResource("socketio-it.properties", "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    private URL baseUrl;

    private URI base;

    @BeforeEach
    void setUp() throws Exception {
        base = baseUrl.toURI();
    }

    // ---- connection, namespaces, events --------------------------------------------------------------------

    /**
     * This deployment runs the portable WebSocket path (socketio-it.properties): no raw frames, managed writer
     * threads. A large broadcast (the chat demo's re-broadcast, 20 clients × 100 messages) still reaches every
     * client, complete and in order. ChatDemoIT runs the same burst over the container fast paths.
     */
    @Test
    void largeBroadcastReachesEveryClientInOrderOnThePortablePath() throws Exception {
        JsonObject probe = Json.createReader(new java.io.StringReader(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(base.resolve("test-probe/engine")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body())).readObject();
        assertEquals(0, probe.getJsonNumber("tyrusRawFrames").longValue());
        assertTrue(!probe.getString("writerThreadClass").startsWith("org.glassfish.grizzly"),
                "managed writer threads: " + probe.getString("writerThreadClass"));
        BroadcastBurst.check(base, IoClient.enginePath(base), 20, 100);
    }

    @Test
    void connectsWithAuthAndEchoesTextAndBinaryOnEveryTransport() throws Exception {
        for (Transports t : Transports.values()) {
            try (IoClient c = IoClient.connect(base, "/", t, Map.of("token", "abc"))) {
                assertEquals(20, c.id().length(), t.name());
                assertEquals("abc", ((JSONObject) c.await("auth")[0]).optString("token"), t.name());
                JSONObject nested = new JSONObject();
                nested.put("file", new byte[] {5, 6});
                c.emit("message", "hello", 42, new byte[] {1, 2, 3}, new JSONObject(new java.util.HashMap<>(Map.of("k", "v"))),
                        nested);
                Object[] back = c.await("message-back");
                assertEquals("hello", back[0], t.name());
                assertEquals(42, back[1], t.name());
                assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) back[2], t.name());
                assertEquals("v", ((JSONObject) back[3]).optString("k"), t.name());
                assertArrayEquals(new byte[] {5, 6}, (byte[]) ((JSONObject) back[4]).opt("file"), "binary inside an object");
            }
        }
    }

    @Test
    void handlerAcknowledgesClientEventsOnEveryTransport() throws Exception {
        for (Transports t : Transports.values()) {
            try (IoClient c = IoClient.connect(base, t)) {
                Object[] ack = c.emitWithAck("message-with-ack", "x", 2, new byte[] {9});
                assertEquals("x", ack[0], t.name());
                assertEquals(2, ack[1], t.name());
                assertArrayEquals(new byte[] {9}, (byte[]) ack[2], t.name());
            }
        }
    }

    @Test
    void serverWaitsForClientAcknowledgementAndTimesOut() throws Exception {
        for (Transports t : Transports.values()) {
            try (IoClient c = IoClient.connect(base, t)) {
                c.socket().on("question", args -> ((io.socket.client.Ack) args[args.length - 1]).call("answer!", new byte[] {7}));
                c.emit("ask-me", 5000);
                Object[] answer = c.await("answer");
                assertEquals("answer!", answer[0], t.name());
                assertArrayEquals(new byte[] {7}, (byte[]) answer[1], t.name());
                c.socket().off("question");
                c.socket().on("question", args -> { });
                c.emit("ask-me", 200);
                assertEquals("AckTimeoutException", c.await("answer-timeout")[0], t.name());
            }
        }
    }

    @Test
    void namespacesShareOneConnection() throws Exception {
        IO.Options options = IO.Options.builder().setPath(IoClient.enginePath(base)).setForceNew(true).setReconnection(false)
                .setAuth(Map.of("who", "multi")).build();
        Manager manager = new Manager(base.resolve("/"), options);
        Socket main = manager.socket("/", options);
        Socket custom = manager.socket("/custom", options);
        java.util.concurrent.BlockingQueue<String> auths = new java.util.concurrent.LinkedBlockingQueue<>();
        main.on("auth", args -> auths.add("/:" + ((JSONObject) args[0]).optString("who")));
        custom.on("auth", args -> auths.add("/custom:" + ((JSONObject) args[0]).optString("who")));
        main.connect();
        custom.connect();
        try {
            java.util.Set<String> got = new java.util.HashSet<>();
            for (int i = 0; i < 2; i++) {
                String a = auths.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                assertTrue(a != null, "both namespaces greet");
                got.add(a);
            }
            assertEquals(java.util.Set.of("/:multi", "/custom:multi"), got);
            assertFalse(main.id().equals(custom.id()), "each namespace has its own socket id");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            main.disconnect();
            custom.disconnect();
        }
    }

    @Test
    void unknownNamespaceIsRefusedWithInvalidNamespace() throws Exception {
        try (IoClient c = IoClient.create(base, "/nope", Transports.WEBSOCKET, Map.of())) {
            assertEquals("Invalid namespace", ((JSONObject) c.await(Socket.EVENT_CONNECT_ERROR)[0]).optString("message"));
        }
    }

    // ---- rooms and broadcasts ----------------------------------------------------------------------------

    @Test
    void roomBroadcastReachesMembersButNotTheSenderOrOthers() throws Exception {
        for (Transports t : Transports.values()) {
            try (IoClient a = IoClient.connect(base, t); IoClient b = IoClient.connect(base, t);
                 IoClient outsider = IoClient.connect(base, t)) {
                a.emitWithAck("join", "r1");
                JSONArray rooms = (JSONArray) b.emitWithAck("join", "r1")[0];
                assertTrue(rooms.toString().contains("\"r1\"") && rooms.toString().contains(b.id()), rooms.toString());
                a.emit("to-room", "r1", "hi room");
                assertEquals("hi room", b.await("room-msg")[0], t.name());
                b.emit("broadcast", "marker");
                assertEquals("marker", a.await("bcast")[0]);
                assertEquals("marker", outsider.await("bcast")[0]);
                assertTrue(a.nothingQueued("room-msg"), "the sender is left out");
                assertTrue(outsider.nothingQueued("room-msg"), "non-members get nothing");
                assertTrue(b.nothingQueued("bcast"), "broadcast() leaves the sender out");
            }
        }
    }

    @Test
    void exceptLeavesOutMembersOfTheExceptedRoom() throws Exception {
        try (IoClient a = IoClient.connect(base, Transports.WEBSOCKET); IoClient b = IoClient.connect(base, Transports.WEBSOCKET);
             IoClient sender = IoClient.connect(base, Transports.WEBSOCKET)) {
            a.emitWithAck("join", "team");
            b.emitWithAck("join", "team");
            b.emitWithAck("join", "muted");
            sender.emit("io-to-room-except", "team", "muted", "not for the muted");
            assertEquals("not for the muted", a.await("room-msg")[0]);
            sender.emit("broadcast", "marker");
            assertEquals("marker", b.await("bcast")[0]);
            assertTrue(b.nothingQueued("room-msg"));
        }
    }

    @Test
    void roomsEmptyOutWhenTheirLastMemberLeavesOrDisconnects() throws Exception {
        try (IoClient watcher = IoClient.connect(base, Transports.WEBSOCKET)) {
            try (IoClient a = IoClient.connect(base, Transports.WEBSOCKET)) {
                a.emitWithAck("join", "temp");
                assertEquals(1, roomSizes(watcher).optInt("temp"));
                a.emitWithAck("leave", "temp");
                assertFalse(roomSizes(watcher).has("temp"));
                a.emitWithAck("join", "temp2");
                assertEquals(1, roomSizes(watcher).optInt("temp2"));
            }
            awaitCondition(() -> !roomSizes(watcher).has("temp2"), "room of a disconnected socket is removed");
            assertFalse(roomSizes(watcher).has("joined-after-disconnect"), "joining after disconnect does nothing");
        }
    }

    @Test
    void broadcastAcknowledgementsAreCollectedFromEveryRecipient() throws Exception {
        try (IoClient a = IoClient.connect(base, Transports.WEBSOCKET); IoClient b = IoClient.connect(base, Transports.POLLING);
             IoClient asker = IoClient.connect(base, Transports.WEBSOCKET)) {
            for (IoClient c : new IoClient[] {a, b}) {
                c.socket().on("question", args -> ((io.socket.client.Ack) args[args.length - 1]).call("yes"));
                c.emitWithAck("join", "quiz");
            }
            asker.emit("ask-room", "quiz", 5000);
            assertEquals(2, asker.await("room-answers")[0]);
            b.socket().off("question");
            b.socket().on("question", args -> { });
            asker.emit("ask-room", "quiz", 300);
            assertEquals(1, asker.await("room-answers-timeout")[0], "the timeout reports the acks that did arrive");
        }
    }

    // ---- the annotated API --------------------------------------------------------------------------------

    @Test
    void annotatedHandlersConvertArgumentsAndAcknowledgeWithTheirReturnValue() throws Exception {
        try (IoClient c = IoClient.create(base, "/annotated", Transports.WEBSOCKET, Map.of())) {
            JSONObject refused = (JSONObject) c.await(Socket.EVENT_CONNECT_ERROR)[0];
            assertEquals("token required", refused.optString("message"));
            assertEquals("send auth.token", refused.optJSONObject("data").optString("hint"));
        }
        for (Transports t : Transports.values()) {
            try (IoClient c = IoClient.connect(base, "/annotated", t, Map.of("token", "t"));
                 IoClient listener = IoClient.connect(base, "/annotated", t, Map.of("token", "t"))) {
                assertEquals(5, c.emitWithAck("sum", 2, 3)[0], t.name());
                JSONObject moved = (JSONObject) c.emitWithAck("move", new JSONObject("{\"x\":1,\"y\":2}"), 3)[0];
                assertEquals(4, moved.optInt("x"), t.name());
                assertEquals(2, moved.optInt("y"), t.name());
                assertEquals(3, c.emitWithAck("length", new byte[] {1, 2, 3})[0], t.name());
                assertEquals("x!", c.emitWithAck("later", "x")[0], t.name());
                JSONObject invalid = (JSONObject) c.emitWithAck("sum", "two", 3)[0];
                assertEquals("invalid argument 0 for event 'sum'", invalid.optString("error"), t.name());
                c.emit("shout", "hey");
                Object[] shouted = listener.await("shouted");
                assertEquals("HEY", shouted[0], t.name());
                assertEquals(c.id(), shouted[1], t.name());
            }
        }
    }

    // ---- middleware and failures --------------------------------------------------------------------------

    @Test
    void connectionMiddlewareRefusesWithMessageAndData() throws Exception {
        try (IoClient c = IoClient.create(base, "/guarded", Transports.WEBSOCKET, Map.of("token", "wrong"))) {
            JSONObject error = (JSONObject) c.await(Socket.EVENT_CONNECT_ERROR)[0];
            assertEquals("unauthorized", error.optString("message"));
            assertEquals(401, error.optJSONObject("data").optInt("code"));
        }
        try (IoClient c = IoClient.connect(base, "/guarded", Transports.WEBSOCKET, Map.of("token", "secret"))) {
            assertEquals("ping", c.emitWithAck("echo", "ping")[0]);
        }
    }

    @Test
    void eventMiddlewareDropsEventsAndCatchAllSeesTheRest() throws Exception {
        try (IoClient c = IoClient.connect(base, "/guarded", Transports.POLLING, Map.of("token", "secret"))) {
            JSONObject refused = (JSONObject) c.emitWithAck("admin:reset")[0];
            assertEquals("forbidden", refused.optString("error"));
            c.emitWithAck("echo", 1);
            assertEquals(2, c.emitWithAck("count")[0], "onAny saw echo and count, not the refused event");
        }
    }

    @Test
    void failingHandlerAnswersWithAnErrorAckAndTheConnectionSurvives() throws Exception {
        try (IoClient c = IoClient.connect(base, Transports.WEBSOCKET); IoClient other = IoClient.connect(base, Transports.WEBSOCKET)) {
            JSONObject error = (JSONObject) c.emitWithAck("throw")[0];
            assertEquals("Internal server error", error.optString("error"));
            assertEquals("still", c.emitWithAck("message-with-ack", "still")[0]);
            assertEquals("fine", other.emitWithAck("message-with-ack", "fine")[0]);
        }
    }

    @Test
    void failingConnectHandlerIsAConnectError() throws Exception {
        try (IoClient c = IoClient.create(base, "/broken", Transports.WEBSOCKET, Map.of())) {
            assertEquals("Internal server error", ((JSONObject) c.await(Socket.EVENT_CONNECT_ERROR)[0]).optString("message"));
        }
    }

    // ---- disconnect reasons -------------------------------------------------------------------------------

    @Test
    void clientNamespaceDisconnectIsReportedWithTheRoomsStillVisible() throws Exception {
        try (IoClient watcher = IoClient.connect(base, Transports.WEBSOCKET)) {
            IoClient a = IoClient.connect(base, Transports.WEBSOCKET);
            String id = a.id();
            a.emitWithAck("join", "lobby");
            a.close();
            assertEquals("client namespace disconnect", awaitReason(watcher, id));
            String rooms = (String) watcher.emitWithAck("reason-of", id + ":rooms")[0];
            assertEquals(java.util.Set.of(id, "lobby"), java.util.Set.of(rooms.split(",")));
        }
    }

    @Test
    void serverNamespaceDisconnectIsReportedOnBothSides() throws Exception {
        try (IoClient watcher = IoClient.connect(base, Transports.WEBSOCKET); IoClient a = IoClient.connect(base, Transports.POLLING)) {
            String id = a.id();
            a.emit("disconnect-me");
            assertEquals("io server disconnect", a.await(Socket.EVENT_DISCONNECT)[0]);
            assertEquals("server namespace disconnect", awaitReason(watcher, id));
        }
    }

    @Test
    void closingTheConnectionForcesOtherNamespacesOut() throws Exception {
        IO.Options options = IO.Options.builder().setPath(IoClient.enginePath(base)).setForceNew(true).setReconnection(false).build();
        Manager manager = new Manager(base.resolve("/"), options);
        Socket main = manager.socket("/", options);
        Socket other = manager.socket("/other", options);
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(2);
        main.on(Socket.EVENT_CONNECT, args -> connected.countDown());
        other.on(Socket.EVENT_CONNECT, args -> connected.countDown());
        main.connect();
        other.connect();
        try (IoClient watcher = IoClient.connect(base, Transports.WEBSOCKET)) {
            assertTrue(connected.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            String otherId = other.id();
            main.emit("close-me");
            assertEquals("forced server close", awaitReason(watcher, otherId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            main.disconnect();
            other.disconnect();
        }
    }

    @Test
    void transportCloseParseErrorAndPingTimeoutAreReported() throws Exception {
        try (IoClient watcher = IoClient.connect(base, Transports.WEBSOCKET)) {
            try (WsClient raw = rawSocketIo()) {
                String id = socketId(raw);
                raw.close();
                assertEquals("transport close", awaitReason(watcher, id));
            }
            try (WsClient raw = rawSocketIo()) {
                String id = socketId(raw);
                raw.send("4garbage");
                assertEquals("parse error", awaitReason(watcher, id));
                assertEquals(1002, raw.awaitClose(WAIT).code());
            }
            try (WsClient raw = rawSocketIo()) {
                String id = socketId(raw);
                assertEquals("ping timeout", awaitReason(watcher, id), "no pong within 300 + 2000 ms");
            }
        }
    }

    @Test
    void connectionThatJoinsNoNamespaceIsClosedAfterConnectTimeout() throws Exception {
        try (WsClient raw = WsClient.connect(URI.create(ws() + "?EIO=4&transport=websocket"))) {
            assertTrue(raw.nextText(WAIT).startsWith("0{"));
            raw.nextText(WAIT); // a ping: the connection is alive but joins nothing
            assertEquals(1000, raw.awaitClose(Duration.ofSeconds(5)).code());
        }
    }

    @Test
    void clientBundleIsServedUnderTheEnginePath() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (String file : new String[] {"socket.io.js", "socket.io.min.js", "socket.io.js.map", "socket.io.min.js.map"}) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("socket.io/" + file)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), file);
            assertTrue(r.body().length() > 1000, file);
        }
        var unknown = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("socket.io/../WEB-INF/web.xml")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(unknown.statusCode() >= 400);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private String ws() {
        return base.resolve("socket.io/").toString().replaceFirst("^http", "ws");
    }

    /** A raw Engine.IO WebSocket that joined "/" by hand (and never answers pings). */
    private WsClient rawSocketIo() {
        WsClient raw = WsClient.connect(URI.create(ws() + "?EIO=4&transport=websocket"));
        assertTrue(raw.nextText(WAIT).startsWith("0{"));
        raw.send("40");
        return raw;
    }

    private static String socketId(WsClient raw) throws Exception {
        String connect = raw.nextText(WAIT);
        assertTrue(connect.startsWith("40{"), connect);
        return new JSONObject(connect.substring(2)).optString("sid");
    }

    private static JSONObject roomSizes(IoClient c) {
        return (JSONObject) c.emitWithAck("room-sizes")[0];
    }

    private static String awaitReason(IoClient watcher, String socketId) {
        String[] reason = new String[1];
        awaitCondition(() -> {
            Object r = watcher.emitWithAck("reason-of", socketId)[0];
            reason[0] = r == JSONObject.NULL || r == null ? null : r.toString();
            return reason[0] != null;
        }, "a disconnect reason for " + socketId);
        return reason[0];
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        dev.switchboard.testing.Await.until(what, WAIT, condition);
    }
}
