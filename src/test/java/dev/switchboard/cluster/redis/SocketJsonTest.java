package dev.switchboard.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.auth.Identity;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketHandshake;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketJsonTest {

    private static final SocketHandshake HANDSHAKE = new SocketHandshake(Map.of("host", List.of("x")), Map.of(),
            "10.0.0.1", "/socket.io/", Instant.ofEpochMilli(1_000), JsonValue.EMPTY_JSON_OBJECT);

    @Test
    void connectionTimeAndIdentityCrossBetweenNodesWithoutTheOtherClaims() {
        Identity alice = new Identity("sub-1", "alice", Set.of("user", "admin"), "switchboard-dev",
                Instant.ofEpochSecond(100), Instant.ofEpochSecond(200), "jti-1",
                Json.createObjectBuilder().add("email", "alice@example.com").build());
        SocketDetails sent = new SocketDetails("s1", "/", Set.of("s1", "lobby"), HANDSHAKE, "websocket", "node-a",
                Map.of("nick", "al"), Instant.ofEpochMilli(123_456), alice);
        SocketDetails got = SocketJson.fromJson(SocketJson.toJson(sent), "/");
        assertEquals(Instant.ofEpochMilli(123_456), got.connectedAt());
        assertEquals(new Identity("sub-1", "alice", Set.of("user", "admin"), "switchboard-dev",
                Instant.ofEpochSecond(100), Instant.ofEpochSecond(200), "jti-1", JsonValue.EMPTY_JSON_OBJECT),
                got.identity());
        assertEquals("node-a", got.node());
        assertEquals(Set.of("s1", "lobby"), got.rooms());
    }

    @Test
    void anonymousSocketsAndNodeJsAnswersHaveNeither() {
        SocketDetails anonymous = new SocketDetails("s2", "/", Set.of("s2"), HANDSHAKE, "polling", "n", Map.of(),
                Instant.ofEpochMilli(5), null);
        assertNull(SocketJson.fromJson(SocketJson.toJson(anonymous), "/").identity());
        JsonObject fromNode = Json.createObjectBuilder().add("id", "s3")
                .add("handshake", Json.createObjectBuilder().add("issued", 1)).add("rooms", Json.createArrayBuilder())
                .add("data", JsonValue.EMPTY_JSON_OBJECT).build();
        SocketDetails node = SocketJson.fromJson(fromNode, "/");
        assertNull(node.connectedAt());
        assertNull(node.identity());
        assertEquals("s3", node.id());
    }
}
