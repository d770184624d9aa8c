package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A socket's handshake hides credentials, and shares the connection's maps when there are none. */
class SocketHandshakeTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    private static final Instant NOW = Instant.now();

    @Test
    void withoutCredentialsTheConnectionsMapsAreShared() {
        Map<String, List<String>> headers = Map.of("host", List.of("example.org"));
        Map<String, String> query = Map.of("EIO", "4", "token", "not-a-jwt");

        SocketHandshake h = SocketHandshake.redacted(headers, query, "10.0.0.1", "/socket.io/?EIO=4&token=not-a-jwt",
                NOW, JsonObject.EMPTY_JSON_OBJECT, "token");

        assertSame(headers, h.headers());
        assertSame(query, h.query());
        assertEquals("/socket.io/?EIO=4&token=not-a-jwt", h.url());
    }

    @Test
    void credentialsAreRedactedInHeadersQueryUrlAndAuth() {
        Map<String, List<String>> headers = Map.of("host", List.of("example.org"),
                "authorization", List.of("Bearer " + JWT));
        Map<String, String> query = Map.of("EIO", "4", "token", JWT);
        JsonObject auth = Json.createObjectBuilder().add("token", JWT).add("room", "r").build();

        SocketHandshake h = SocketHandshake.redacted(headers, query, "10.0.0.1", "/socket.io/?token=" + JWT + "&EIO=4",
                NOW, auth, "token");

        assertEquals(Map.of("host", List.of("example.org"), "authorization", List.of(SocketHandshake.REDACTED)),
                h.headers());
        assertEquals(Map.of("EIO", "4", "token", SocketHandshake.REDACTED), h.query());
        assertEquals("/socket.io/?token=" + SocketHandshake.REDACTED + "&EIO=4", h.url());
        assertEquals(Json.createObjectBuilder().add("token", SocketHandshake.REDACTED).add("room", "r").build(),
                h.auth());
    }
}
