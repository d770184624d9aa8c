package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A raw HTTP long-polling client for tests: speaks Engine.IO by hand, no client library. */
public final class PollingClient {

    public static final String SEP = "\u001e";

    private final HttpClient http;
    private final URI base;

    /** @param base the engine URL, e.g. {@code http://localhost:8080/socket.io/} */
    public PollingClient(URI base) {
        this(base, HttpClient.Version.HTTP_2);
    }

    /**
     * @param version {@code HTTP_1_1} to stay on HTTP/1.1: by default the JDK client upgrades to HTTP/2 (h2c),
     *                where it only reads a response once it has sent the whole request body, so it never sees the
     *                early 413 of an oversized POST (the server does not read the rest)
     */
    public PollingClient(URI base, HttpClient.Version version) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI uri(String query) {
        return base.resolve("?" + query);
    }

    public URI sessionUri(String sid) {
        return uri("EIO=4&transport=polling&sid=" + sid);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** A polling handshake with extra headers (e.g. {@code X-Forwarded-For}), answered or refused. */
    public HttpResponse<String> handshake(java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("EIO=4&transport=polling")).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** Ends a session from the client side with the close packet. */
    public void close(String sid) {
        post(sid, "1");
    }

    /** Handshake over polling; returns the open packet's JSON. */
    public JsonObject handshake() {
        HttpResponse<String> r = get(uri("EIO=4&transport=polling"));
        assertEquals(200, r.statusCode(), r.body());
        return openPacket(r.body());
    }

    public String open() {
        return handshake().getString("sid");
    }

    public HttpResponse<String> poll(String sid) {
        return get(sessionUri(sid));
    }

    /** A GET that the server may hold: the caller waits on the future. */
    public CompletableFuture<HttpResponse<String>> pollAsync(String sid) {
        return http.sendAsync(HttpRequest.newBuilder(sessionUri(sid)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a GET that the server will hold, and returns once the server reports holding it (so what the test
     * does next happens while the GET is held, not before it arrives).
     */
    public CompletableFuture<HttpResponse<String>> heldPoll(String sid) {
        CompletableFuture<HttpResponse<String>> get = pollAsync(sid);
        URI probe = base.resolve("../test-probe/engine?held=" + sid);
        dev.switchboard.testing.Await.until("the server to hold the GET", Duration.ofSeconds(10), () -> {
            if (get.isDone()) {
                throw new AssertionError("GET was answered instead of held: " + get.join().body());
            }
            return get(probe).body().contains("true");
        });
        return get;
    }

    public HttpResponse<String> post(String sid, String payload) {
        return send(HttpRequest.newBuilder(sessionUri(sid))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
    }

    public static JsonObject openPacket(String body) {
        if (!body.startsWith("0")) {
            throw new AssertionError("expected an open packet, got: " + body);
        }
        String first = body.split(SEP)[0];
        return Json.createReader(new StringReader(first.substring(1))).readObject();
    }

    /** Splits a polling payload into its encoded packets. */
    public static List<String> packets(String body) {
        return Arrays.asList(body.split(SEP, -1));
    }

    /** The JSON error body of a refused request. */
    public static JsonObject error(HttpResponse<String> r) {
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return Json.createReader(new StringReader(r.body())).readObject();
    }
}
