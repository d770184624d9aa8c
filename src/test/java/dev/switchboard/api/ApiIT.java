package dev.switchboard.api;

import static dev.switchboard.api.ApiHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.TestTokens;
import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server REST API on two Payara Micro nodes sharing one real Redis, with real Socket.IO clients on both:
 * roles, validation, and every operation acting across nodes. The last test stops Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TestTokens TOKENS = new TestTokens();
    private static final String ADMIN = TOKENS.expiringIn(Duration.ofHours(1), "ops", "admin");
    private static final String USER = TOKENS.expiringIn(Duration.ofHours(1), "alice", "user");

    private RedisServerFixture redis;
    private PayaraProcess a;
    private PayaraProcess b;

    @BeforeAll
    void startCluster() throws Exception {
        redis = RedisServerFixture.started();
        Map<String, String> settings = new HashMap<>(Map.of(
                "switchboard.redis.url", redis.url(),
                "switchboard.redis.requests-timeout", "2000",
                "switchboard.limits.connection-rate-per-ip", "100000",
                "switchboard.limits.connection-burst-per-ip", "100000",
                "mp.jwt.verify.publickey.location", "file:" + TestTokens.PUBLIC_KEY.toAbsolutePath(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "switchboard.api.max-body-bytes", "20000"));
        a = PayaraProcess.start(settings);
        b = PayaraProcess.start(settings);
        redis.awaitSubscribers("socket.io-request#/#", 2, Duration.ofSeconds(30));
        Await.until("both nodes in A's cluster view", WAIT, () -> nodes(a).length() == 2);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try (RedisServerFixture r = redis; PayaraProcess first = a; PayaraProcess second = b) {
            // closed in reverse order: B, A, then Redis
        }
    }

    // ---- roles ------------------------------------------------------------------------------------------------

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", "api/emit", "{\"event\":\"news\"}"),
                Arguments.of("GET", "api/sockets", null),
                Arguments.of("GET", "api/sockets/abc", null),
                Arguments.of("DELETE", "api/sockets/abc", null),
                Arguments.of("PUT", "api/sockets/abc/rooms/r", null),
                Arguments.of("DELETE", "api/sockets/abc/rooms/r", null),
                Arguments.of("GET", "api/rooms", null),
                Arguments.of("DELETE", "api/rooms/r/sockets", null),
                Arguments.of("POST", "api/sockets/join", "{\"rooms\":[\"nobody-here\"],\"join\":[\"x\"]}"),
                Arguments.of("POST", "api/sockets/leave", "{\"rooms\":[\"nobody-here\"],\"leave\":[\"x\"]}"),
                Arguments.of("GET", "api/nodes", null));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void everyEndpointWantsATokenWithTheAdminRole(String method, String path, String body) {
        send(a.base(), method, path, null, body).assertProblem(401, "token");
        send(a.base(), method, path, USER, body).assertProblem(403, "role");
        int status = send(a.base(), method, path, ADMIN, body).status();
        assertTrue(status != 401 && status != 403 && status < 500, method + " " + path + " as admin: " + status);
    }

    // ---- validation -------------------------------------------------------------------------------------------

    static Stream<Arguments> invalidRequests() {
        String big = "{\"event\":\"news\",\"args\":[\"" + "x".repeat(25_000) + "\"]}";
        return Stream.of(
                Arguments.of("POST", "api/emit", "{\"event\":", 400, "JSON"),
                Arguments.of("POST", "api/emit", "[1,2]", 400, "JSON object"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"room\":[\"x\"]}", 400, "room: unknown field"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"namespace\":\"/nope\"}", 400, "no namespace"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"namespace\":\"x\"}", 400, "namespace"),
                Arguments.of("POST", "api/emit", "{\"args\":[1]}", 400, "event"),
                Arguments.of("POST", "api/emit", "{\"event\":\"\"}", 400, "event"),
                Arguments.of("POST", "api/emit", "{\"event\":42}", 400, "event"),
                Arguments.of("POST", "api/emit", "{\"event\":\"disconnect\"}", 400, "reserved"),
                Arguments.of("POST", "api/emit", "{\"event\":\"connect\"}", 400, "reserved"),
                Arguments.of("POST", "api/emit", "{\"event\":\"switchboard:disconnect\"}", 400, "reserved"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"args\":{\"a\":1}}", 400, "args"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"rooms\":\"lobby\"}", 400, "rooms"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"except\":[1]}", 400, "except"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"rooms\":[\"\"]}", 400, "rooms"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"ackTimeoutMs\":0}", 400, "ackTimeoutMs"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"ackTimeoutMs\":60001}", 400, "ackTimeoutMs"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"ackTimeoutMs\":1.5}", 400, "ackTimeoutMs"),
                Arguments.of("POST", "api/emit", "{\"event\":\"e\",\"ackTimeoutMs\":\"5\"}", 400, "ackTimeoutMs"),
                Arguments.of("POST", "api/emit", big, 413, "larger than"),
                Arguments.of("GET", "api/sockets?namespace=/nope", null, 400, "no namespace"),
                Arguments.of("GET", "api/sockets?limit=0", null, 400, "limit"),
                Arguments.of("GET", "api/sockets?limit=1001", null, 400, "limit"),
                Arguments.of("GET", "api/sockets/no-such-socket", null, 404, "no socket"),
                Arguments.of("DELETE", "api/sockets/no-such-socket", null, 404, "no socket"),
                Arguments.of("PUT", "api/sockets/no-such-socket/rooms/r", null, 404, "no socket"),
                Arguments.of("DELETE", "api/sockets/no-such-socket/rooms/r", null, 404, "no socket"),
                Arguments.of("GET", "api/rooms?namespace=/nope", null, 400, "no namespace"),
                Arguments.of("DELETE", "api/rooms/" + "r".repeat(300) + "/sockets", null, 400, "room"),
                Arguments.of("POST", "api/sockets/join", "{\"rooms\":[\"a\"]}", 400, "join"),
                Arguments.of("POST", "api/sockets/join", "{\"join\":[]}", 400, "join"),
                Arguments.of("POST", "api/sockets/join", "{\"join\":\"lobby\"}", 400, "join"),
                Arguments.of("POST", "api/sockets/join", "{\"join\":[\"x\"],\"leave\":[\"y\"]}", 400,
                        "leave: unknown field"),
                Arguments.of("POST", "api/sockets/leave", "{\"leave\":[\"x\"],\"namespace\":\"/nope\"}", 400,
                        "no namespace"),
                Arguments.of("GET", "api/no-such-endpoint", null, 404, "no such resource"));
    }

    @Order(2)
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("invalidRequests")
    void invalidRequestsGetProblemBodies(String method, String path, String body, int status, String fragment) {
        send(a.base(), method, path, ADMIN, body).assertProblem(status, fragment);
    }

    @Order(2)
    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        send(a.base(), "POST", "api/emit", ADMIN, "event=news", "text/plain").assertProblem(415, "application/json");
    }

    // ---- emit -------------------------------------------------------------------------------------------------

    @Order(3)
    @Test
    void emitOnAReachesClientsOnBRespectingRoomsAndExcept() {
        String room = token("room");
        String muted = token("muted");
        try (IoClient b1 = connect(b, null); IoClient b2 = connect(b, null); IoClient a1 = connect(a, null)) {
            join(b1, room);
            join(b2, room, muted);
            String msg = token("msg");
            send(a.base(), "POST", "api/emit", ADMIN, "{\"rooms\":[\"" + room + "\"],\"except\":[\"" + muted
                    + "\"],\"event\":\"news\",\"args\":[\"" + msg + "\",{\"n\":1}]}").assertJson(202);
            Object[] got = b1.await("news", WAIT);
            assertEquals(msg, got[0]);
            assertEquals(1, ((JSONObject) got[1]).getInt("n"));
            String marker = token("marker");
            send(a.base(), "POST", "api/emit", ADMIN, "{\"event\":\"marker\",\"args\":[\"" + marker + "\"]}")
                    .assertJson(202);
            for (IoClient c : List.of(b2, a1)) {
                assertEquals(marker, c.await("marker", WAIT)[0]);
                assertTrue(c.nothingQueued("news"), "only members outside the excepted room get the event");
            }
        }
    }

    @Order(3)
    @Test
    void emitWithAckReturnsTheAnswersOfClientsOnBothNodes() {
        String room = token("asked");
        try (IoClient a1 = connect(a, null); IoClient b1 = connect(b, null); IoClient silent = connect(b, null)) {
            for (IoClient c : List.of(a1, b1)) {
                String id = c.id();
                c.socket().on("question", args -> ((io.socket.client.Ack) args[args.length - 1]).call(id));
                join(c, room);
            }
            JSONObject all = send(a.base(), "POST", "api/emit", ADMIN, "{\"rooms\":[\"" + room
                    + "\"],\"event\":\"question\",\"ackTimeoutMs\":10000}").assertJson(200);
            assertTrue(all.getBoolean("complete"), all.toString());
            assertEquals(Set.of(a1.id(), b1.id()), firstArgs(all.getJSONArray("acks")));

            silent.socket().on("question", args -> { });
            join(silent, room);
            JSONObject partial = send(b.base(), "POST", "api/emit", ADMIN, "{\"rooms\":[\"" + room
                    + "\"],\"event\":\"question\",\"ackTimeoutMs\":1500}").assertJson(200);
            assertFalse(partial.getBoolean("complete"), partial.toString());
            assertEquals(Set.of(a1.id(), b1.id()), firstArgs(partial.getJSONArray("acks")));
        }
    }

    // ---- read ---------------------------------------------------------------------------------------------------

    @Order(4)
    @Test
    void socketsAndRoomsShowEveryNodeWithIdentityAndConnectionTime() {
        String room = token("seen");
        Instant before = Instant.now().minusSeconds(5);
        try (IoClient alice = connect(a, USER); IoClient anon = connect(b, null)) {
            join(alice, room);
            join(anon, room);
            for (PayaraProcess via : List.of(a, b)) {
                JSONObject listed = send(via.base(), "GET", "api/sockets?namespace=/&room=" + room, ADMIN, null)
                        .assertJson(200);
                assertEquals(2, listed.getInt("total"), listed.toString());
                Map<String, JSONObject> byId = new HashMap<>();
                listed.getJSONArray("sockets").forEach(o -> byId.put(((JSONObject) o).getString("id"), (JSONObject) o));
                JSONObject s1 = byId.get(alice.id());
                JSONObject s2 = byId.get(anon.id());
                assertNotEquals(s1.getString("node"), s2.getString("node"), "two nodes");
                assertEquals(Set.of(nodeId(a), nodeId(b)), Set.of(s1.getString("node"), s2.getString("node")));
                assertEquals("alice", s1.getJSONObject("identity").getString("name"));
                assertEquals(List.of("user"), s1.getJSONObject("identity").getJSONArray("groups").toList());
                assertTrue(s2.isNull("identity"), s2.toString());
                for (JSONObject s : List.of(s1, s2)) {
                    Instant at = Instant.parse(s.getString("connectedAt"));
                    assertTrue(at.isAfter(before) && at.isBefore(Instant.now().plusSeconds(5)), s.toString());
                    assertEquals(List.of(room), s.getJSONArray("rooms").toList());
                    assertEquals("websocket", s.getString("transport"));
                }
            }
            JSONObject search = send(a.base(), "GET", "api/sockets?q=ALIC", ADMIN, null).assertJson(200);
            assertEquals(List.of(alice.id()), ids(search));
            JSONObject one = send(a.base(), "GET", "api/sockets/" + anon.id(), ADMIN, null).assertJson(200);
            assertEquals(nodeId(b), one.getString("node"));

            JSONObject rooms = send(b.base(), "GET", "api/rooms?namespace=/", ADMIN, null).assertJson(200);
            JSONObject entry = null;
            for (Object o : rooms.getJSONArray("rooms")) {
                if (((JSONObject) o).getString("room").equals(room)) {
                    entry = (JSONObject) o;
                }
                assertNotEquals(alice.id(), ((JSONObject) o).getString("room"), "own rooms left out");
            }
            assertTrue(entry != null && entry.getInt("members") == 2, rooms.toString());
        }
    }

    @Order(4)
    @Test
    void nodesListsBothNodesWithTheirConnections() {
        try (IoClient onB = connect(b, null)) {
            String bId = nodeId(b);
            JSONObject seen = Await.value("B's connection in A's view", WAIT, () -> node(a, bId),
                    n -> n != null && n.getInt("connectionCount") >= 1 && n.getJSONObject("sockets").optInt("/") >= 1);
            assertFalse(seen.getBoolean("self"));
            assertTrue(seen.getJSONObject("connections").optInt("websocket") >= 1, seen.toString());
            assertTrue(seen.getLong("uptimeSeconds") >= 0);
            JSONArray fromA = nodes(a);
            assertTrue(fromA.getJSONObject(0).getBoolean("self"));
            assertEquals(nodeId(a), fromA.getJSONObject(0).getString("node"));
            assertEquals(Set.of(nodeId(a), bId), Set.of(fromA.getJSONObject(0).getString("node"),
                    fromA.getJSONObject(1).getString("node")));
        }
    }

    // ---- act ----------------------------------------------------------------------------------------------------

    @Order(5)
    @Test
    void joinLeaveAndDisconnectActOnASocketOfTheOtherNode() {
        String room = token("moved");
        try (IoClient b1 = connect(b, null)) {
            String path = "api/sockets/" + b1.id() + "/rooms/" + room;
            assertEquals(204, send(a.base(), "PUT", path, ADMIN, null).status());
            assertEquals(List.of(room), rooms(a, b1.id()));
            String msg = token("msg");
            send(a.base(), "POST", "api/emit", ADMIN, "{\"rooms\":[\"" + room + "\"],\"event\":\"news\",\"args\":[\""
                    + msg + "\"]}").assertJson(202);
            assertEquals(msg, b1.await("news", WAIT)[0]);
            assertEquals(204, send(a.base(), "DELETE", path, ADMIN, null).status());
            assertEquals(List.of(), rooms(a, b1.id()));
            send(a.base(), "DELETE", "api/sockets/" + b1.id() + "/rooms/" + b1.id(), ADMIN, null)
                    .assertProblem(400, "own room");

            assertEquals(204, send(a.base(), "DELETE", "api/sockets/" + b1.id(), ADMIN, null).status());
            assertEquals("io server disconnect", b1.await("disconnect", WAIT)[0]);
            Await.until("the socket gone", WAIT,
                    () -> send(a.base(), "GET", "api/sockets/" + b1.id(), ADMIN, null).status() == 404);
        }
    }

    @Order(5)
    @Test
    void bulkJoinAndLeaveActOnTheSelectedSocketsOfEveryNode() {
        String from = token("from");
        String to = token("to");
        try (IoClient a1 = connect(a, null); IoClient b1 = connect(b, null); IoClient excluded = connect(b, null);
             IoClient outsider = connect(a, null)) {
            join(a1, from);
            join(b1, from);
            join(excluded, from, "vip");
            send(b.base(), "POST", "api/sockets/join", ADMIN, "{\"rooms\":[\"" + from + "\"],\"except\":[\"vip\"],"
                    + "\"join\":[\"" + to + "\"]}").assertJson(202);
            Await.until("both selected sockets in " + to, WAIT,
                    () -> rooms(a, a1.id()).contains(to) && rooms(a, b1.id()).contains(to));
            assertFalse(rooms(a, excluded.id()).contains(to), "except leaves the vip out");
            assertFalse(rooms(a, outsider.id()).contains(to), "only members of the selected room join");

            send(a.base(), "POST", "api/sockets/leave", ADMIN, "{\"rooms\":[\"" + to + "\"],\"leave\":[\"" + to
                    + "\",\"" + from + "\"]}").assertJson(202);
            Await.until("both sockets out of both rooms", WAIT,
                    () -> rooms(b, a1.id()).isEmpty() && rooms(b, b1.id()).isEmpty());
            assertTrue(rooms(a, excluded.id()).contains(from), "a socket that was not selected keeps its rooms");
        }
    }

    @Order(5)
    @Test
    void disconnectingARoomReachesItsMembersOnEveryNode() {
        String room = token("closing");
        try (IoClient a1 = connect(a, null); IoClient b1 = connect(b, null); IoClient bystander = connect(b, null)) {
            join(a1, room);
            join(b1, room);
            JSONObject done = send(b.base(), "DELETE", "api/rooms/" + room + "/sockets", ADMIN, null).assertJson(200);
            assertEquals(2, done.getInt("disconnected"));
            a1.await("disconnect", WAIT);
            b1.await("disconnect", WAIT);
            assertEquals(200, send(a.base(), "GET", "api/sockets/" + bystander.id(), ADMIN, null).status());
        }
    }

    // ---- docs, then Redis down ----------------------------------------------------------------------------------

    @Order(6)
    @Test
    void theOpenApiDocumentDescribesTheServerApi() {
        ApiHttp.Answer doc = send(a.base(), "GET", "openapi", null, null);
        assertEquals(200, doc.status(), doc.body());
        for (String path : List.of("/api/emit", "/api/sockets", "/api/sockets/{id}", "/api/sockets/{id}/rooms/{room}",
                "/api/rooms", "/api/rooms/{room}/sockets", "/api/nodes", "/api/sockets/join", "/api/sockets/leave")) {
            assertTrue(doc.body().contains(path + ":"), "the document lists " + path);
        }
        assertTrue(doc.body().contains("Emit an event to sockets on every node"), "operation summaries");
    }

    @Order(7)
    @Test
    void withRedisDownClusterWideCallsAnswer503() throws Exception {
        redis.requireControllable("the 503 test");
        redis.stop();
        Await.until("A sees Redis down", WAIT, () -> !"connected".equals(
                send(a.base(), "GET", "api/nodes", ADMIN, null).json().getString("redis")));
        send(a.base(), "POST", "api/emit", ADMIN, "{\"event\":\"news\"}").assertProblem(503, "unreachable");
        send(a.base(), "GET", "api/sockets", ADMIN, null).assertProblem(503, "unreachable");
        send(a.base(), "GET", "api/rooms", ADMIN, null).assertProblem(503, "unreachable");
        JSONArray alone = nodes(a);
        assertEquals(1, alone.length(), "a node cut off lists only itself: " + alone);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static IoClient connect(PayaraProcess node, String token) {
        return IoClient.connect(node.base(), "/", Transports.WEBSOCKET, token == null ? Map.of() : Map.of("token", token));
    }

    /** Joins rooms through the API (the node of the client does not matter) and waits until they show. */
    private void join(IoClient client, String... rooms) {
        for (String room : rooms) {
            assertEquals(204, send(a.base(), "PUT", "api/sockets/" + client.id() + "/rooms/" + room, ADMIN, null)
                    .status());
        }
        Await.until(client.id() + " in " + List.of(rooms), WAIT,
                () -> new HashSet<>(rooms(b, client.id())).containsAll(List.of(rooms)));
    }

    private static List<Object> rooms(PayaraProcess via, String id) {
        return send(via.base(), "GET", "api/sockets/" + id, ADMIN, null).assertJson(200).getJSONArray("rooms").toList();
    }

    private static JSONArray nodes(PayaraProcess via) {
        return send(via.base(), "GET", "api/nodes", ADMIN, null).assertJson(200).getJSONArray("nodes");
    }

    private static String nodeId(PayaraProcess node) {
        return nodes(node).getJSONObject(0).getString("node");
    }

    private static JSONObject node(PayaraProcess via, String id) {
        for (Object o : nodes(via)) {
            if (((JSONObject) o).getString("node").equals(id)) {
                return (JSONObject) o;
            }
        }
        return null;
    }

    private static List<String> ids(JSONObject listed) {
        List<String> out = new ArrayList<>();
        listed.getJSONArray("sockets").forEach(o -> out.add(((JSONObject) o).getString("id")));
        return out;
    }

    private static Set<Object> firstArgs(JSONArray acks) {
        Set<Object> out = new HashSet<>();
        acks.forEach(a -> out.add(((JSONArray) a).get(0)));
        return out;
    }

    private static String token(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
