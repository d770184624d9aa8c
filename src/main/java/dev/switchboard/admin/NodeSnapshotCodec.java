package dev.switchboard.admin;

import dev.switchboard.protocol.JsonBuilders;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The cluster view's messages on {@code <key>#switchboard#nodes}, as compact JSON (UTF-8):
 * <pre>
 * {"v":1,"type":"snapshot","node":"…","startedAt":ms,"takenAt":ms,"connections":{"websocket":3},
 *  "sockets":{"/":3},"rooms":{"/":{"lobby":2}},"counters":{"handshakes":…}}
 * {"v":1,"type":"bye","node":"…"}
 * </pre>
 * Each namespace's rooms are cut to the {@code maxRooms} largest (ties by name), so one node with a million rooms
 * cannot flood the channel. Decoding refuses anything else with {@link IllegalArgumentException}.
 */
public final class NodeSnapshotCodec {

    /** Rooms per namespace a snapshot carries at most (the largest ones). */
    public static final int MAX_ROOMS = 500;
    private static final int VERSION = 1;
    /** Bigger messages are refused before parsing. */
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    /** What a message says: a node's snapshot, or that the node is leaving ({@code snapshot} null). */
    public record Message(String node, NodeSnapshot snapshot) {

        public boolean bye() {
            return snapshot == null;
        }
    }

    private NodeSnapshotCodec() {
    }

    public static byte[] encode(NodeSnapshot s, int maxRooms) {
        JsonObjectBuilder rooms = JsonBuilders.object();
        s.rooms().forEach((namespace, sizes) -> {
            JsonObjectBuilder largest = JsonBuilders.object();
            sizes.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(maxRooms)
                    .forEach(e -> largest.add(e.getKey(), e.getValue()));
            rooms.add(namespace, largest);
        });
        NodeSnapshot.Counters c = s.counters();
        JsonObject json = JsonBuilders.object()
                .add("v", VERSION)
                .add("type", "snapshot")
                .add("node", s.node())
                .add("startedAt", s.startedAt().toEpochMilli())
                .add("takenAt", s.takenAt().toEpochMilli())
                .add("connections", counts(s.connections()))
                .add("sockets", counts(s.sockets()))
                .add("rooms", rooms)
                .add("counters", JsonBuilders.object()
                        .add("handshakes", c.handshakes()).add("upgrades", c.upgrades())
                        .add("eventsIn", c.eventsIn()).add("eventsOut", c.eventsOut())
                        .add("deliveries", c.deliveries()).add("bytesIn", c.bytesIn()).add("bytesOut", c.bytesOut()))
                .build();
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encodeBye(String node) {
        return JsonBuilders.object().add("v", VERSION).add("type", "bye").add("node", node).build()
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Message decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("empty or oversized message");
        }
        JsonObject o;
        try (JsonReader reader = JsonBuilders.reader(new ByteArrayInputStream(bytes))) {
            o = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        if (o.getInt("v", -1) != VERSION) {
            throw new IllegalArgumentException("unknown version");
        }
        String node = text(o, "node");
        String type = text(o, "type");
        if (type.equals("bye")) {
            return new Message(node, null);
        }
        if (!type.equals("snapshot")) {
            throw new IllegalArgumentException("unknown type " + type);
        }
        Map<String, Map<String, Integer>> rooms = new HashMap<>();
        object(o, "rooms").forEach((namespace, sizes) -> rooms.put(namespace, ints(asObject(sizes, "rooms"))));
        JsonObject c = object(o, "counters");
        Function<String, Long> counter = name -> c.get(name) instanceof JsonNumber n ? n.longValue() : 0L;
        NodeSnapshot.Counters counters = new NodeSnapshot.Counters(counter.apply("handshakes"),
                counter.apply("upgrades"), counter.apply("eventsIn"), counter.apply("eventsOut"),
                counter.apply("deliveries"), counter.apply("bytesIn"), counter.apply("bytesOut"));
        return new Message(node, new NodeSnapshot(node, instant(o, "startedAt"), instant(o, "takenAt"),
                ints(object(o, "connections")), ints(object(o, "sockets")), rooms, counters));
    }

    private static JsonObjectBuilder counts(Map<String, Integer> counts) {
        JsonObjectBuilder out = JsonBuilders.object();
        counts.entrySet().stream().sorted(Comparator.comparing(Map.Entry::getKey))
                .forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    private static String text(JsonObject o, String name) {
        if (!(o.get(name) instanceof jakarta.json.JsonString s) || s.getString().isEmpty()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return s.getString();
    }

    private static Instant instant(JsonObject o, String name) {
        if (!(o.get(name) instanceof JsonNumber n)) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return Instant.ofEpochMilli(n.longValue());
    }

    private static JsonObject object(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v == null ? JsonValue.EMPTY_JSON_OBJECT : asObject(v, name);
    }

    private static JsonObject asObject(JsonValue v, String name) {
        if (!(v instanceof JsonObject x)) {
            throw new IllegalArgumentException(name + " is not an object");
        }
        return x;
    }

    private static Map<String, Integer> ints(JsonObject o) {
        Map<String, Integer> out = new HashMap<>();
        o.forEach((k, v) -> {
            if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("count of " + k + " is not a non-negative integer");
            }
            out.put(k, n.intValue());
        });
        return out;
    }
}
