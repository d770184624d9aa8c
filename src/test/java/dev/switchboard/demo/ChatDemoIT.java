package dev.switchboard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import dev.switchboard.testing.NodeScript;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chat demo as users get it: the built WAR on a real Payara Micro, the browser bundle it serves, the official
 * Node Socket.IO client over each transport set ({@code src/test/node/interop.mjs}) and two headless Chromium
 * pages chatting with each other ({@code src/test/node/browser-chat.mjs}). Needs Node.js 20+ on the PATH and
 * {@code /usr/bin/chromium}; without them the tests fail (they never skip). Node's output goes to
 * {@code target/node-logs/}, the screenshots to {@code target/screenshots/}.
 */
@ExtendWith(ArquillianExtension.class)
class ChatDemoIT {

    private static final Path SCREENSHOT = Path.of("target", "screenshots", "chat.png");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("the built WAR is missing: " + war.getAbsolutePath()
                    + " (run the tests with `mvn verify`)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClass(EchoHandlers.class);
    }

    @ArquillianResource
    private URL base;

    // ---- what the WAR serves ----------------------------------------------------------------------------------

    @Test
    void browserBundleIsServedWithItsBanner() throws Exception {
        for (String name : List.of("socket.io.js", "socket.io.min.js")) {
            HttpResponse<String> response = get("socket.io/" + name);
            assertEquals(200, response.statusCode(), name);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.contains("javascript"), name + " content type: " + type);
            String banner = response.body().substring(0, Math.min(120, response.body().length()));
            assertTrue(banner.startsWith("/*!") && banner.contains("Socket.IO v4.8."), name + " starts with: " + banner);
        }
    }

    @Test
    void sourceMapsAreServed() throws Exception {
        for (String name : List.of("socket.io.js.map", "socket.io.min.js.map")) {
            HttpResponse<String> response = get("socket.io/" + name);
            assertEquals(200, response.statusCode(), name);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.contains("json"), name + " content type: " + type);
            JsonObject map = Json.createReader(new StringReader(response.body())).readObject();
            assertEquals(3, map.getInt("version"), name);
            assertTrue(map.containsKey("mappings"), name + " has no mappings");
        }
    }

    @Test
    void chatPageIsServedAtTheRoot() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("socket.io/socket.io.js"), "the page does not load the client bundle");
        assertTrue(page.body().contains("chat.js"), "the page does not load chat.js");
        for (String asset : List.of("chat.js", "chat.css")) {
            assertEquals(200, get(asset).statusCode(), asset);
        }
    }

    // ---- the official Node client -----------------------------------------------------------------------------

    /**
     * A chat burst as users run it (the container fast paths on: raw frames, Grizzly writer threads): 20 Java
     * clients get 100 messages each, complete and in order. SocketIoIT runs the same burst on the portable path.
     */
    @Test
    void chatBurstReachesTwentyClientsInOrder() throws Exception {
        dev.switchboard.socketio.BroadcastBurst.check(base.toURI(), base.getPath() + "socket.io/", 20, 100);
    }

    @Test
    void nodeClientOverWebSocket() throws Exception {
        runInterop("[\"websocket\"]", "interop-websocket");
    }

    @Test
    void nodeClientOverPolling() throws Exception {
        runInterop("[\"polling\"]", "interop-polling");
    }

    @Test
    void nodeClientUpgradingFromPollingToWebSocket() throws Exception {
        runInterop("[\"polling\",\"websocket\"]", "interop-upgrade");
    }

    private void runInterop(String transports, String logName) throws Exception {
        NodeScript.requireNode("socket.io-client");
        NodeScript.Run run = NodeScript.script(logName, SCRIPT_TIMEOUT, "interop.mjs", base.toString(), transports);
        assertEquals(0, run.exitCode(), "interop.mjs " + transports + " failed:\n" + run.report());
        assertTrue(run.output().contains("\"summary\":true") && run.output().contains("\"failed\":0"),
                "no clean summary line:\n" + run.report());
    }

    // ---- a real browser ---------------------------------------------------------------------------------------

    @Test
    void twoBrowserPagesChat() throws Exception {
        NodeScript.requireNode("playwright-core");
        NodeScript.requireChromium();
        Files.deleteIfExists(SCREENSHOT);
        NodeScript.Run run = NodeScript.script("browser-chat", SCRIPT_TIMEOUT, "browser-chat.mjs", base.toString(),
                SCREENSHOT.toAbsolutePath().toString());
        assertEquals(0, run.exitCode(), "browser-chat.mjs failed:\n" + run.report());
        assertTrue(Files.isRegularFile(SCREENSHOT) && Files.size(SCREENSHOT) > 0,
                "no screenshot at " + SCREENSHOT.toAbsolutePath() + ":\n" + run.report());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = base.toURI().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
