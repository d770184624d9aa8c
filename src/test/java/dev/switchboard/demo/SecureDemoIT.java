package dev.switchboard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.PayaraProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The authenticated demo as users get it: the built WAR in development mode on its own Payara Micro (the committed
 * dev key pair, as {@code server-config/dev-keys/dev.properties} sets it, with short token timings: clock skew
 * 1 s, refresh warning 5 s), the page {@code secure.html}, the dev token endpoint, and headless Chromium signing in
 * on several pages ({@code src/test/node/browser-secure.mjs}). Needs Node.js 20+ on the PATH and
 * {@code /usr/bin/chromium}; without them the browser test fails (it never skips). Node's output goes to
 * {@code target/node-logs/}, the screenshots to {@code target/screenshots/secure*.png}.
 * <p>
 * The endpoint's 404 without development mode is not checked here: it needs a second Payara Micro process, which
 * took 25 to 80 s to start and stop on a busy two-core machine, too long for one assertion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDemoIT {

    private static final Path KEYS = Path.of("server-config", "dev-keys");
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "secure.png");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private PayaraProcess server;

    /** Development mode with absolute key paths, and token timings short enough for 10 s tokens. */
    private static Map<String, String> devMode() {
        return Map.of(
                "switchboard.dev-mode", "true",
                "switchboard.dev.private-key-location", KEYS.resolve("dev-private-key.pem").toAbsolutePath().toString(),
                "mp.jwt.verify.publickey.location", "file:" + KEYS.resolve("dev-public-key.pem").toAbsolutePath(),
                "mp.jwt.verify.issuer", "switchboard-dev",
                "mp.jwt.verify.clock.skew", "1",
                "switchboard.security.refresh-warning", "5");
    }

    @BeforeAll
    void startServer() throws Exception {
        server = PayaraProcess.start(devMode());
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void securePageIsServedAndLinkedFromTheChatPage() throws Exception {
        HttpResponse<String> page = get(server.base(), "secure.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        for (String part : List.of("socket.io/socket.io.min.js", "secure.js", "chat.css", "href=\"./\"")) {
            assertTrue(page.body().contains(part), "secure.html lacks " + part);
        }
        for (String asset : List.of("secure.js", "secure.css")) {
            assertEquals(200, get(server.base(), asset).statusCode(), asset);
        }
        assertTrue(get(server.base(), "").body().contains("href=\"secure.html\""), "the chat page does not link it");
    }

    @Test
    void devTokenEndpointMintsTokensInDevMode() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> minted = postToken(server.base(), "{\"subject\":\"alice\",\"groups\":[\"user\",\"vip\"],"
                + "\"lifetimeSeconds\":30}");
        assertEquals(200, minted.statusCode(), minted.body());
        JsonObject body = Json.createReader(new StringReader(minted.body())).readObject();
        assertEquals(3, body.getString("token").split("\\.").length, "a JWS in compact form: " + body);
        long expiresAt = body.getJsonNumber("expiresAt").longValue();
        assertTrue(expiresAt >= before + 29_000 && expiresAt <= System.currentTimeMillis() + 31_000,
                "expiresAt is not 30 s from now: " + body);

        HttpResponse<String> refused = postToken(server.base(), "{\"subject\":\"<script>\"}");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void browserSignsInJoinsGroupsMessagesAndLivesThroughTokenExpiry() throws Exception {
        NodeScript.requireNode("playwright-core");
        NodeScript.requireChromium();
        Files.deleteIfExists(SCREENSHOT);
        NodeScript.Run run = NodeScript.script("browser-secure", SCRIPT_TIMEOUT, "browser-secure.mjs",
                server.base().toString(), SCREENSHOT.toAbsolutePath().toString());
        assertEquals(0, run.exitCode(), "browser-secure.mjs failed:\n" + run.report());
        assertTrue(run.output().contains("\"summary\":true,\"ok\":true"), "no clean summary line:\n" + run.report());
        for (String suffix : List.of("", "-forbidden", "-group", "-expired", "-refreshed")) {
            Path shot = SCREENSHOT.resolveSibling("secure" + suffix + ".png");
            assertTrue(Files.isRegularFile(shot) && Files.size(shot) > 0,
                    "no screenshot at " + shot.toAbsolutePath() + ":\n" + run.report());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> postToken(URI base, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/dev/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
