package dev.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.json.JSONObject;

/** A small HTTP client for the server API tests: requests with or without a token, answers as JSON. */
final class ApiHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A response: status, content type and body. */
    record Answer(int status, String type, String body) {

        JSONObject json() {
            return new JSONObject(body);
        }

        /** Asserts an RFC 9457 problem body with this status whose detail contains {@code fragment}. */
        Answer assertProblem(int expected, String fragment) {
            assertEquals(expected, status, "status, body: " + body);
            assertTrue(type != null && type.startsWith("application/problem+json"), "content type " + type);
            JSONObject p = json();
            assertEquals(expected, p.getInt("status"), body);
            assertTrue(p.has("title") && p.has("type"), body);
            assertTrue(p.optString("detail").contains(fragment), "detail should mention '" + fragment + "': " + body);
            assertFalse(body.contains("Exception") || body.contains("\tat "), "no stack trace: " + body);
            return this;
        }

        JSONObject assertJson(int expected) {
            assertEquals(expected, status, "status, body: " + body);
            assertTrue(type != null && type.startsWith("application/json"), "content type " + type + ": " + body);
            return json();
        }
    }

    private ApiHttp() {
    }

    static Answer send(URI base, String method, String path, String token, String body) {
        return send(base, method, path, token, body, "application/json");
    }

    static Answer send(URI base, String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
