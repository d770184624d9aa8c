package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engineio.PollingClient;
import dev.switchboard.engineio.WsClient;
import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.PayaraProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Authentication end to end on one Payara Micro with the committed development keys: the token matrix on the REST
 * API and on the Socket.IO handshake (each transport, each place a token can travel), namespace policies, what
 * handlers see, token expiry and refresh, and that no token reaches the server log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** {@code mp.jwt.verify.clock.skew} and {@code switchboard.security.refresh-warning} of this server, seconds. */
    private static final int SKEW = 1;
    private static final int WARNING = 2;

    private final TestTokens tokens = new TestTokens();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> issued = new ArrayList<>();
    private PayaraProcess server;
    private URI engine;

    enum Transport { POLLING, WEBSOCKET }

    enum Source { AUTH_PAYLOAD, QUERY_PARAMETER, BEARER_HEADER }

    @BeforeAll
    void start() throws Exception {
        Path war = Path.of("target", "switchboard-auth-test.war");
        ShrinkWrap.createFromZipFile(WebArchive.class, PayaraProcess.builtWar().toFile())
                .addClasses(AuthTestHandlers.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile(), true);
        Map<String, String> properties = new HashMap<>();
        properties.put("mp.jwt.verify.publickey.location", TestTokens.PUBLIC_KEY.toAbsolutePath().toUri().toString());
        properties.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        properties.put("mp.jwt.verify.clock.skew", String.valueOf(SKEW));
        properties.put("switchboard.security.refresh-warning", String.valueOf(WARNING));
        // the token matrix opens ~70 connections from one address in a few seconds: over the default per-address
        // connection rate (the limits stay on; AbuseIT tests them)
        properties.put("switchboard.limits.connection-rate-per-ip", "1000");
        properties.put("switchboard.limits.connection-burst-per-ip", "1000");
        server = PayaraProcess.start(war, properties);
        engine = server.base().resolve("socket.io/");
    }

    @AfterAll
    void stop() throws Exception {
        try (PayaraProcess s = server) {
            String log = s.log();
            for (String token : issued) {
                String[] parts = token.split("\\.");
                for (int i = 1; i < parts.length; i++) {
                    assertFalse(log.contains(parts[i]), "part " + i + " of a token is in the server log");
                }
            }
        }
    }

    private String token(TestTokens.Kind kind, String subject, String... groups) {
        String t = tokens.of(kind, subject, groups);
        issued.add(t);
        return t;
    }

    // ---- REST ----------------------------------------------------------------------------------------------

    @Test
    void restTokenMatrix() throws Exception {
        for (TestTokens.Kind kind : TestTokens.Kind.values()) {
            HttpResponse<String> r = get("api/me", token(kind, "rest-" + kind, "user"));
            if (kind == TestTokens.Kind.VALID) {
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("rest-VALID", json(r.body()).getString("name"));
            } else {
                assertProblem(r, kind == TestTokens.Kind.OVERSIZE ? -1 : 401, kind.name());
            }
        }
        assertProblem(get("api/me", null), 401, "no token");
    }

    @Test
    void adminOperationsNeedTheAdminRole() throws Exception {
        assertProblem(get("api/node", null), 401, "no token");
        assertProblem(get("api/node", token(TestTokens.Kind.VALID, "user-only", "user")), 403, "user token");
        HttpResponse<String> ok = get("api/node", token(TestTokens.Kind.VALID, "the-admin", "admin"));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(json(ok.body()).containsKey("connections"), ok.body());
    }

    @Test
    void devTokensAreOffUnlessDevModeIsOn() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.base().resolve("api/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"mallory\",\"groups\":[\"admin\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(r, 404, "dev token endpoint");
    }

    // ---- the Socket.IO handshake ---------------------------------------------------------------------------

    @Test
    void handshakeTokenMatrixOnEveryTransportAndSource() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (Source source : Source.values()) {
                for (TestTokens.Kind kind : TestTokens.Kind.values()) {
                    String outcome = attempt(transport, source, token(kind, "hs-" + kind, "user"), "/authed");
                    if (!acceptable(source, kind, outcome)) {
                        wrong.add(transport + "/" + source + "/" + kind + " -> " + outcome);
                    }
                }
                String none = attempt(transport, source, null, "/authed");
                if (!"unauthorized".equals(none)) {
                    wrong.add(transport + "/" + source + "/no token -> " + none);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "unexpected outcomes:\n" + String.join("\n", wrong));
    }

    /**
     * Payload and query tokens are ours to judge: the exact reason code. A bad bearer header is refused by the
     * container's MicroProfile JWT (401 with a JSON body) before Switchboard sees it, or by us if it lets it pass.
     */
    private static boolean acceptable(Source source, TestTokens.Kind kind, String outcome) {
        String expected = switch (kind) {
            case VALID -> "ok";
            case EXPIRED -> "token_expired";
            default -> "invalid_token";
        };
        if (outcome.equals(expected)) {
            return true;
        }
        boolean refusedByHttp = outcome.matches("http-4\\d\\d");
        return kind != TestTokens.Kind.VALID
                && (source == Source.BEARER_HEADER ? refusedByHttp || !outcome.equals("ok")
                        : kind == TestTokens.Kind.OVERSIZE && refusedByHttp);
    }

    @Test
    void namespacePoliciesDecideWhoConnects() throws Exception {
        assertEquals("ok", attempt(Transport.WEBSOCKET, Source.AUTH_PAYLOAD, null, "/"), "anonymous chat");
        assertEquals("ok", attempt(Transport.WEBSOCKET, Source.AUTH_PAYLOAD,
                token(TestTokens.Kind.BAD_SIGNATURE, "x"), "/"), "a bad token gives no identity where anonymous is fine");
        assertEquals("ok", attempt(Transport.POLLING, Source.AUTH_PAYLOAD, token(TestTokens.Kind.VALID, "u", "user"), "/secure"));
        assertEquals("forbidden", attempt(Transport.POLLING, Source.AUTH_PAYLOAD, token(TestTokens.Kind.VALID, "g", "guest"), "/secure"));
        assertEquals("unauthorized", attempt(Transport.POLLING, Source.AUTH_PAYLOAD, null, "/secure"));
        assertEquals("ok", attempt(Transport.WEBSOCKET, Source.AUTH_PAYLOAD, token(TestTokens.Kind.VALID, "any"), "/authed"),
                "the default policy: any valid token");
    }

    @Test
    void handlersSeeTheIdentityAndNoToken() {
        String token = token(TestTokens.Kind.VALID, "hannah", "user", "vip");
        try (IoClient client = IoClient.connect(server.base(), "/authed", Transports.WEBSOCKET, Map.of("token", token))) {
            JSONObject seen = (JSONObject) client.emitWithAck("seen")[0];
            assertEquals("hannah", seen.getString("name"));
            assertEquals("[\"user\",\"vip\"]", seen.getJSONArray("groups").toString());
            assertEquals("\"[redacted]\"", seen.getString("authToken"));
            assertFalse(seen.toString().contains(token.split("\\.")[2]), seen.toString());
        }
        String query = token(TestTokens.Kind.VALID, "ivan", "user");
        try (IoClient client = IoClient.connectWithQuery(server.base(), "/authed", "token=" + query)) {
            JSONObject seen = (JSONObject) client.emitWithAck("seen")[0];
            assertEquals("ivan", seen.getString("name"));
            assertEquals("[redacted]", seen.getString("queryToken"));
            assertTrue(seen.getString("url").contains("token=[redacted]"), seen.getString("url"));
            assertFalse(seen.toString().contains(query.split("\\.")[2]), seen.toString());
        }
    }

    @Test
    void aSocketDoesNotOutliveItsToken() {
        Instant exp = Instant.now().plusSeconds(WARNING + 2);
        String shortLived = issue(tokens.expiringIn(Duration.between(Instant.now(), exp), "kate", "user"));
        try (IoClient client = IoClient.connect(server.base(), "/authed", Transports.WEBSOCKET, Map.of("token", shortLived));
             IoClient observer = IoClient.connect(server.base(), "/authed", Transports.POLLING,
                     Map.of("token", issue(tokens.valid("observer", "user"))))) {
            String id = client.id();
            JSONObject warning = (JSONObject) client.await("switchboard:token-expiring", WAIT)[0];
            assertEquals(exp.getEpochSecond() * 1000, warning.getLong("expiresAt"));
            JSONObject notice = (JSONObject) client.await("switchboard:disconnect", WAIT)[0];
            assertEquals("token expired", notice.getString("reason"));
            assertEquals("io server disconnect", client.await("disconnect", WAIT)[0]);
            assertTrue(Instant.now().isAfter(exp), "not before the token expired");
            assertEquals("token expired", Await.value("the server-side reason", WAIT,
                    () -> (String) observer.emitWithAck("reason", id)[0], r -> !r.isEmpty()));
        }
    }

    @Test
    void aRefreshedSocketStaysAndAForeignRefreshIsRefused() {
        Instant exp = Instant.now().plusSeconds(WARNING + 2);
        String shortLived = issue(tokens.expiringIn(Duration.between(Instant.now(), exp), "leo", "user"));
        try (IoClient client = IoClient.connect(server.base(), "/authed", Transports.POLLING, Map.of("token", shortLived))) {
            client.await("switchboard:token-expiring", WAIT);
            JSONObject foreign = (JSONObject) client.emitWithAck("switchboard:refresh",
                    new JSONObject(Map.of("token", issue(tokens.valid("not-leo", "user")))))[0];
            assertFalse(foreign.getBoolean("ok"));
            assertEquals("forbidden", foreign.getString("code"));
            JSONObject bad = (JSONObject) client.emitWithAck("switchboard:refresh",
                    new JSONObject(Map.of("token", token(TestTokens.Kind.EXPIRED, "leo", "user"))))[0];
            assertEquals("token_expired", bad.getString("code"));
            JSONObject ok = (JSONObject) client.emitWithAck("switchboard:refresh",
                    new JSONObject(Map.of("token", issue(tokens.valid("leo", "user")))))[0];
            assertTrue(ok.getBoolean("ok"), ok.toString());
            Instant oldDeadline = exp.plusSeconds(SKEW);
            Await.until("past the old token's deadline", WAIT, () -> Instant.now().isAfter(oldDeadline.plusSeconds(2)));
            assertTrue(client.nothingQueued("switchboard:disconnect"));
            assertTrue(client.socket().connected());
            JSONObject seen = (JSONObject) client.emitWithAck("seen")[0];
            assertEquals(ok.getLong("expiresAt"), seen.getLong("expiresAt"));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private String issue(String token) {
        issued.add(token);
        return token;
    }

    /**
     * Connects to a namespace by hand and reports the outcome: {@code ok}, the CONNECT_ERROR's {@code data.code},
     * or {@code http-<status>} when the handshake itself was refused (the body must then be JSON).
     */
    private String attempt(Transport transport, Source source, String token, String namespace) throws Exception {
        String query = "EIO=4&transport=" + (transport == Transport.POLLING ? "polling" : "websocket");
        if (source == Source.QUERY_PARAMETER && token != null) {
            query += "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        }
        Map<String, String> headers = source == Source.BEARER_HEADER && token != null
                ? Map.of("Authorization", "Bearer " + token) : Map.of();
        String connect = "40" + ("/".equals(namespace) ? "" : namespace + ",")
                + (source == Source.AUTH_PAYLOAD && token != null
                        ? Json.createObjectBuilder().add("token", token).build().toString() : "");
        String answer;
        if (transport == Transport.POLLING) {
            HttpRequest.Builder open = HttpRequest.newBuilder(URI.create(engine + "?" + query)).timeout(WAIT);
            headers.forEach(open::header);
            HttpResponse<String> r = http.send(open.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return refusedHandshake(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
            }
            String sid = PollingClient.openPacket(r.body()).getString("sid");
            PollingClient polling = new PollingClient(engine);
            assertEquals(200, polling.post(sid, connect).statusCode());
            answer = PollingClient.packets(polling.poll(sid).body()).get(0);
            polling.post(sid, "1");
        } else {
            URI ws = URI.create(engine.toString().replaceFirst("^http", "ws") + "?" + query);
            WsClient client;
            try {
                client = WsClient.connect(ws, headers);
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    HttpResponse<?> r = refused.getResponse();
                    return refusedHandshake(r.statusCode(), String.valueOf(r.body()),
                            r.headers().firstValue("Content-Type").orElse(""));
                }
                throw e;
            }
            try (client) {
                client.nextText(WAIT);
                client.send(connect);
                answer = client.nextText(WAIT);
            }
        }
        if (answer.startsWith("40")) {
            return "ok";
        }
        assertTrue(answer.startsWith("44"), answer);
        JsonObject error = json(answer.substring(answer.indexOf('{')));
        assertTrue(error.containsKey("message"), answer);
        return error.getJsonObject("data").getString("code");
    }

    private static String refusedHandshake(int status, String body, String contentType) {
        if (status == 401 || status == 403) {
            assertEquals(status, json(body).getInt("status"), status + " without a JSON problem body: " + contentType
                    + " " + body);
        }
        return "http-" + status;
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base().resolve(path)).timeout(WAIT);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A problem body (RFC 9457) with the status ({@code -1}: any 4xx), never a stack trace or HTML. */
    private static void assertProblem(HttpResponse<String> r, int status, String what) {
        if (status < 0) {
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what + ": " + r.statusCode());
        } else {
            assertEquals(status, r.statusCode(), what + ": " + r.body());
        }
        assertFalse(r.body().contains("Exception") || r.body().contains("<html"), what + ": " + r.body());
        if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 404) {
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
            assertEquals(r.statusCode(), json(r.body()).getInt("status"), what);
        }
        if (r.statusCode() == 401) {
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), what);
        }
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
