package dev.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.auth.Identity;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketHandshake;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The dashboard's socket search without a server: requests, matching and the answer's shape. */
class SocketSearchTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SocketDetails socket(String id, String node, long second, String... rooms) {
        return named(id, node, second, null, rooms);
    }

    private static SocketDetails named(String id, String node, long second, String name, String... rooms) {
        Set<String> all = new java.util.HashSet<>(Set.of(rooms));
        all.add(id);
        SocketHandshake handshake = new SocketHandshake(Map.of(), Map.of(), "127.0.0.1", "/socket.io/",
                T0.plusSeconds(second), JsonValue.EMPTY_JSON_OBJECT);
        Identity identity = name == null ? null : new Identity(name, name, Set.of("user"), "test", T0,
                T0.plusSeconds(3600), null, JsonValue.EMPTY_JSON_OBJECT);
        // connected to the namespace a second after the handshake
        return new SocketDetails(id, "/", all, handshake, "websocket", node, Map.of(), T0.plusSeconds(second + 1),
                identity);
    }

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    @Test
    void defaultsToEverySocketOfTheMainNamespace() {
        assertEquals(new SocketSearch.Request("/", "", SocketSearch.DEFAULT_LIMIT), SocketSearch.parse(json("{}")));
        assertEquals(new SocketSearch.Request("/chat", "bob", 5),
                SocketSearch.parse(json("{\"namespace\":\"/chat\",\"query\":\"  bob \",\"limit\":5}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                        | send an object",
        "\"x\"                     | send an object",
        "{\"namespace\":\"chat\"}  | namespace: a name starting with /",
        "{\"namespace\":3}         | namespace: a name starting with /",
        "{\"query\":7}             | query: a string of at most 200 characters",
        "{\"limit\":0}             | limit: a whole number from 1 to 500",
        "{\"limit\":501}           | limit: a whole number from 1 to 500",
        "{\"limit\":2.5}           | limit: a whole number from 1 to 500",
        "{\"limit\":\"10\"}        | limit: a whole number from 1 to 500",
    })
    void refusesMalformedRequestsWithBadRequest(String request, String message) {
        AdminError error = assertThrows(AdminError.class, () -> SocketSearch.parse(json(request)));
        assertEquals(AdminError.Code.BAD_REQUEST, error.code());
        assertEquals(message, error.getMessage());
        JsonObject wire = error.toJson().getJsonObject("error");
        assertEquals("bad_request", wire.getString("code"));
        assertEquals(message, wire.getString("message"));
    }

    @Test
    void refusesAnOverlongQuery() {
        String query = "q".repeat(SocketSearch.MAX_QUERY + 1);
        assertThrows(AdminError.class, () -> SocketSearch.parse(json("{\"query\":\"" + query + "\"}")));
    }

    @Test
    void matchesIdRoomOrCallerNameIgnoringCaseButNotTheSocketsOwnRoom() {
        SocketDetails s = socket("AbC123", "n1", 0, "room:Lobby");
        assertEquals(true, SocketSearch.matches(s, null, "abc"));
        assertEquals(true, SocketSearch.matches(s, null, "LOBBY"));
        assertEquals(true, SocketSearch.matches(s, "Alice", "ali"));
        assertEquals(false, SocketSearch.matches(s, null, "alice"));
        assertEquals(true, SocketSearch.matches(s, null, ""));
    }

    @Test
    void findsACallerByNameAndFallsBackToTheHandshakeTimeForNodeJsSockets() {
        SocketDetails fromNode = new SocketDetails("z", "/", Set.of("z"), new SocketHandshake(Map.of(), Map.of(),
                null, "/", T0, JsonValue.EMPTY_JSON_OBJECT), "polling", "n3", Map.of());
        JsonObject answer = SocketSearch.answer(new SocketSearch.Request("/", "ALI", 10),
                List.of(named("a", "n1", 1, "alice"), named("b", "n1", 2, "bob"), fromNode));
        assertEquals(1, answer.getInt("total"));
        assertEquals("a", answer.getJsonArray("sockets").getJsonObject(0).getString("id"));
        JsonObject all = SocketSearch.answer(new SocketSearch.Request("/", "", 10), List.of(fromNode));
        assertEquals(T0.toEpochMilli(), all.getJsonArray("sockets").getJsonObject(0).getJsonNumber("connectedAt")
                .longValue());
        assertEquals(JsonValue.NULL, all.getJsonArray("sockets").getJsonObject(0).get("address"));
    }

    @Test
    void answerIsSortedByNodeThenAgeLimitedAndCarriesNames() {
        List<SocketDetails> found = List.of(socket("c", "n1", 3, "room:x"), named("a", "n1", 1, "alice", "room:x"),
                socket("b", "n1", 2), socket("d", "n2", 0, "room:x"));
        JsonObject answer = SocketSearch.answer(new SocketSearch.Request("/", "room:x", 2), found);
        assertEquals(3, answer.getInt("total"));
        assertEquals(true, answer.getBoolean("truncated"));
        var sockets = answer.getJsonArray("sockets");
        assertEquals(2, sockets.size());
        JsonObject first = sockets.getJsonObject(0);
        assertEquals("a", first.getString("id"));
        assertEquals("n1", first.getString("node"));
        assertEquals("alice", first.getString("name"));
        assertEquals(List.of("room:x"), first.getJsonArray("rooms").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(T0.plusSeconds(2).toEpochMilli(), first.getJsonNumber("connectedAt").longValue());
        assertEquals("c", sockets.getJsonObject(1).getString("id"));
        assertEquals(JsonValue.NULL, sockets.getJsonObject(1).get("name"));
    }
}
