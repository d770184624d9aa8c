package dev.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.TestTokens;
import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import io.socket.client.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin dashboard on a two-node cluster: two Payara Micro processes with the built WAR on one real Redis,
 * verifying tokens with the committed dev key pair (development mode itself off); node B without a namespace
 * policy for {@code /admin}, so its handlers' own role check is what refuses non-admins there. Java Socket.IO clients connect to
 * both nodes over WebSocket and polling and join chat rooms; headless Chromium ({@code src/test/node/
 * browser-dashboard.mjs}) opens {@code /admin/} on node A with an admin token and checks what it shows, finds a
 * client of node B, disconnects it and is refused with a user token. Needs Node.js 20+ and {@code /usr/bin/chromium}
 * (it fails without them, never skips). Screenshots: {@code target/screenshots/dashboard.png} and
 * {@code dashboard-forbidden.png}; Node's output: {@code target/node-logs/browser-dashboard.log}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    private static final Path SCREENSHOT = Path.of("target", "screenshots", "dashboard.png");
    private static final Path EXPECTATIONS = Path.of("target", "dashboard-expectations.json");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(30);

    private final TestTokens tokens = new TestTokens();
    private RedisServerFixture redis;
    private PayaraProcess a;
    private PayaraProcess b;

    private Map<String, String> settings() {
        Map<String, String> p = new HashMap<>();
        p.put("switchboard.redis.url", redis.url());
        p.put("mp.jwt.verify.publickey.location", "file:" + TestTokens.PUBLIC_KEY.toAbsolutePath());
        p.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        p.put("switchboard.limits.connection-rate-per-ip", "100000");
        p.put("switchboard.limits.connection-burst-per-ip", "100000");
        // PayaraProcess's readiness probe opens a polling session nobody uses: gone 5 s later instead of 45 s, so
        // the connection counts the page must show are the test's own
        p.put("switchboard.engine.ping-interval", "2000");
        p.put("switchboard.engine.ping-timeout", "3000");
        return p;
    }

    @BeforeAll
    void startCluster() throws Exception {
        redis = RedisServerFixture.started();
        a = PayaraProcess.start(settings());
        Map<String, String> withoutAdminPolicy = settings();
        withoutAdminPolicy.put("switchboard.security.namespaces", "/=anonymous,/secure=user");
        b = PayaraProcess.start(withoutAdminPolicy);
        redis.awaitSubscribers("socket.io-request#/#", 2, SUBSCRIBE_WAIT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try (RedisServerFixture r = redis; PayaraProcess first = a; PayaraProcess second = b) {
            // closed in reverse order: B, A, then Redis
        }
    }

    @Test
    void adminNamespaceAnswersRequestsWithErrorsInTheAckAndRefusesNonAdmins() {
        try (IoClient admin = IoClient.connect(a.base(), "/admin", Transports.WEBSOCKET,
                Map.of("token", tokens.valid("root", "admin")))) {
            Object[] view = admin.await(AdminFeed.EVENT);
            JSONObject cluster = (JSONObject) view[0];
            assertTrue(cluster.getJSONArray("nodes").length() >= 1, "no nodes in " + cluster);
            assertEquals(cluster.getString("self"), cluster.getJSONArray("nodes").getJSONObject(0).getString("node"),
                    "this node is not listed first: " + cluster);

            for (Object[] bad : List.of(new Object[] {"sockets:search", "not an object", "bad_request"},
                    new Object[] {"sockets:search", new JSONObject(Map.of("limit", 0)), "bad_request"},
                    new Object[] {"sockets:search", new JSONObject(Map.of("namespace", "/nowhere")), "not_found"},
                    new Object[] {"sockets:disconnect", new JSONObject(Map.of("namespace", "/")), "bad_request"},
                    new Object[] {"sockets:disconnect", new JSONObject(Map.of("id", "no-such-socket")), "not_found"})) {
                Object[] ack = admin.emitWithAck((String) bad[0], bad[1]);
                JSONObject error = ((JSONObject) ack[0]).getJSONObject("error");
                assertEquals(bad[2], error.getString("code"), bad[0] + " " + bad[1] + " acked " + ack[0]);
                assertTrue(!error.getString("message").isBlank(), "no message in " + ack[0]);
            }
        }
        // node A by the WAR's namespace policy; node B, configured without a policy for /admin (so the default,
        // "authenticated", lets bob's token through), by the handlers' own role check
        for (PayaraProcess node : List.of(a, b)) {
            IoClient user = IoClient.create(node.base(), "/admin", Transports.WEBSOCKET,
                    Map.of("token", tokens.valid("bob", "user")));
            try (user) {
                Object[] refused = user.await(Socket.EVENT_CONNECT_ERROR);
                JSONObject error = (JSONObject) refused[0];
                assertEquals("forbidden", error.getJSONObject("data").getString("code"), node.base() + ": " + error);
            }
        }
    }

    @Test
    void dashboardShowsBothNodesRoomsAndRatesAndDisconnectsARemoteSocket() throws Exception {
        NodeScript.requireNode("playwright-core");
        NodeScript.requireChromium();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String team = "team-" + suffix;
        String solo = "solo-" + suffix;
        List<IoClient> clients = new ArrayList<>();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try {
            IoClient a1 = add(clients, IoClient.connect(a.base(), Transports.WEBSOCKET));
            IoClient a2 = add(clients, IoClient.connect(a.base(), Transports.WEBSOCKET));
            add(clients, IoClient.connect(a.base(), Transports.POLLING));
            IoClient b1 = add(clients, IoClient.connect(b.base(), Transports.WEBSOCKET));
            String carol = "carol-" + suffix; // "/" admits anonymous callers; a valid token still names the socket
            IoClient b2 = add(clients, IoClient.connect(b.base(), "/", Transports.POLLING,
                    Map.of("token", tokens.valid(carol, "user"))));
            add(clients, IoClient.connect(b.base(), Transports.POLLING));
            for (IoClient member : List.of(a1, b1, b2)) {
                join(member, team);
            }
            join(b1, solo);
            // chat from A reaches all six clients: events in and out, deliveries, on both nodes
            traffic.scheduleAtFixedRate(() -> a2.emit("chat", "tick"), 0, 100, TimeUnit.MILLISECONDS);
            assertTrue(nodesCountEvents(), "node A's counters do not move while a client chats");

            JSONObject expectations = new JSONObject()
                    .put("adminToken", tokens.valid("root", "admin"))
                    .put("userToken", tokens.valid("bob", "user"))
                    // node A: its clients plus the page itself (which ends up on WebSocket); node B
                    .put("nodes", new JSONArray()
                            .put(new JSONObject().put("websocket", 3).put("polling", 1))
                            .put(new JSONObject().put("websocket", 1).put("polling", 2)))
                    .put("rooms", new JSONArray()
                            .put(room("room:" + team, 3))
                            .put(room("room:" + solo, 1)))
                    .put("target", new JSONObject().put("id", b1.id()).put("room", solo).put("remote", true))
                    .put("named", new JSONObject().put("id", b2.id()).put("name", carol))
                    .put("rates", true)
                    .put("devMode", false);
            Files.createDirectories(EXPECTATIONS.getParent());
            Files.writeString(EXPECTATIONS, expectations.toString(), StandardCharsets.UTF_8);
            Files.deleteIfExists(SCREENSHOT);

            NodeScript.Run run = NodeScript.script("browser-dashboard", SCRIPT_TIMEOUT, "browser-dashboard.mjs",
                    a.base().toString(), SCREENSHOT.toAbsolutePath().toString(), EXPECTATIONS.toAbsolutePath().toString());
            assertEquals(0, run.exitCode(), "browser-dashboard.mjs failed:\n" + run.report());
            assertTrue(run.output().contains("\"summary\":true,\"ok\":true"), "no clean summary line:\n" + run.report());

            Object[] disconnected = b1.await(Socket.EVENT_DISCONNECT);
            assertEquals("io server disconnect", String.valueOf(disconnected[0]),
                    "the socket the page disconnected saw: " + List.of(disconnected));
            assertTrue(b2.socket().connected(), "another client of node B was disconnected too");
            for (String name : List.of("dashboard.png", "dashboard-forbidden.png")) {
                Path shot = SCREENSHOT.resolveSibling(name);
                assertTrue(Files.isRegularFile(shot) && Files.size(shot) > 0, "no screenshot at " + shot.toAbsolutePath());
            }
        } finally {
            traffic.shutdownNow();
            clients.forEach(IoClient::close);
            Files.deleteIfExists(EXPECTATIONS); // it holds tokens
        }
    }

    /**
     * Whether node A's counters move while a client chats, as an admin sees them in {@code cluster} (the charts
     * have something to show).
     */
    private boolean nodesCountEvents() {
        try (IoClient admin = IoClient.connect(a.base(), "/admin", Transports.WEBSOCKET,
                Map.of("token", tokens.valid("probe", "admin")))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                JSONObject view = (JSONObject) admin.await(AdminFeed.EVENT)[0];
                JSONObject counters = view.getJSONArray("nodes").getJSONObject(0).getJSONObject("counters");
                if (counters.getLong("eventsIn") > 0 && counters.getLong("deliveries") > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static IoClient add(List<IoClient> clients, IoClient client) {
        clients.add(client);
        return client;
    }

    /** Joins a chat room ({@code room:join}); the server keeps it as {@code room:<name>}. */
    private static void join(IoClient client, String name) {
        Object[] ack = client.emitWithAck("room:join", name);
        assertTrue(ack.length > 0 && ack[0] instanceof JSONObject reply && !reply.has("error")
                && reply.getJSONArray("rooms").toList().contains(name), "room:join acked " + List.of(ack));
    }

    private static JSONObject room(String name, int size) {
        return new JSONObject().put("namespace", "/").put("room", name).put("size", size);
    }
}
