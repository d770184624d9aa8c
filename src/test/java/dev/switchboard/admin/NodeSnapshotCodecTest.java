package dev.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSnapshotCodecTest {

    private static NodeSnapshot snapshot(String node, Instant takenAt, Map<String, Map<String, Integer>> rooms) {
        return new NodeSnapshot(node, Instant.ofEpochMilli(1_000), takenAt, Map.of("websocket", 3, "polling", 1),
                Map.of("/", 4, "/admin", 0), rooms, new NodeSnapshot.Counters(1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void snapshotSurvivesTheRoundTrip() {
        NodeSnapshot s = snapshot("n1", Instant.ofEpochMilli(5_000), Map.of("/", Map.of("lobby", 2, "ops", 1),
                "/admin", Map.of()));
        NodeSnapshotCodec.Message m = NodeSnapshotCodec.decode(NodeSnapshotCodec.encode(s, 500));
        assertEquals("n1", m.node());
        assertEquals(s, m.snapshot());
    }

    @Test
    void roomsAreCutToTheLargestPerNamespace() {
        Map<String, Integer> many = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            many.put("room-" + i, i % 7 == 0 ? 100 + i : 1);
        }
        NodeSnapshot s = snapshot("n1", Instant.now(), Map.of("/", many));
        Map<String, Integer> sent = NodeSnapshotCodec.decode(NodeSnapshotCodec.encode(s, 10)).snapshot().rooms().get("/");
        assertEquals(10, sent.size());
        assertTrue(sent.containsKey("room-994") && sent.get("room-994") == 1094, "largest kept: " + sent);
        assertTrue(sent.values().stream().allMatch(n -> n > 100), "only large rooms: " + sent);
    }

    @Test
    void byeRoundTrips() {
        NodeSnapshotCodec.Message m = NodeSnapshotCodec.decode(NodeSnapshotCodec.encodeBye("n2"));
        assertEquals("n2", m.node());
        assertTrue(m.bye());
        assertNull(m.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "not json", "{\"v\":2,\"type\":\"bye\",\"node\":\"n\"}",
            "{\"v\":1,\"type\":\"bye\"}", "{\"v\":1,\"type\":\"hello\",\"node\":\"n\"}",
            "{\"v\":1,\"type\":\"snapshot\",\"node\":\"n\",\"startedAt\":1}",
            "{\"v\":1,\"type\":\"snapshot\",\"node\":\"n\",\"startedAt\":1,\"takenAt\":2,\"sockets\":{\"/\":-1}}",
            "{\"v\":1,\"type\":\"snapshot\",\"node\":\"n\",\"startedAt\":1,\"takenAt\":2,\"rooms\":{\"/\":3}}",
            "{\"v\":1,\"type\":\"snapshot\",\"node\":\"n\",\"startedAt\":1,\"takenAt\":2,\"connections\":{\"ws\":\"x\"}}"})
    void malformedMessagesAreRefused(String text) {
        assertThrows(IllegalArgumentException.class,
                () -> NodeSnapshotCodec.decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void silentNodesExpireAndLeavingNodesGoAtOnce() {
        NodeDirectory directory = new NodeDirectory("self", 3_500);
        directory.accept(message(snapshot("self", Instant.ofEpochMilli(1), Map.of())), 0);
        directory.accept(message(snapshot("b", Instant.ofEpochMilli(1), Map.of())), 0);
        directory.accept(message(snapshot("a", Instant.ofEpochMilli(1), Map.of())), 1_000);
        assertEquals(List.of("a", "b"), ids(directory.live(3_000)), "own echo ignored, others by id");
        assertEquals(List.of("a"), ids(directory.live(3_501)), "b silent for more than 3.5 s");
        directory.accept(message(snapshot("a", Instant.ofEpochMilli(2), Map.of())), 4_000);
        assertEquals(List.of("a"), ids(directory.live(7_000)), "a refreshed at 4 s");
        directory.accept(NodeSnapshotCodec.decode(NodeSnapshotCodec.encodeBye("a")), 7_100);
        assertEquals(List.of(), ids(directory.live(7_100)), "a said goodbye");
    }

    @Test
    void anOlderSnapshotArrivingLateDoesNotReplaceANewerOne() {
        NodeDirectory directory = new NodeDirectory("self", 3_500);
        directory.accept(message(snapshot("b", Instant.ofEpochMilli(2_000), Map.of())), 0);
        directory.accept(message(snapshot("b", Instant.ofEpochMilli(1_000), Map.of())), 10);
        assertEquals(Instant.ofEpochMilli(2_000), directory.live(20).get(0).takenAt());
    }

    private static NodeSnapshotCodec.Message message(NodeSnapshot s) {
        return NodeSnapshotCodec.decode(NodeSnapshotCodec.encode(s, 500));
    }

    private static List<String> ids(List<NodeSnapshot> nodes) {
        return nodes.stream().map(NodeSnapshot::node).toList();
    }
}
