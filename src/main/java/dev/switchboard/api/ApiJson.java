package dev.switchboard.api;

import dev.switchboard.admin.NodeSnapshot;
import dev.switchboard.auth.IdentityJson;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.Payloads;
import dev.switchboard.socketio.SocketDetails;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** How the server API shows sockets and nodes (times as ISO-8601 UTC strings). */
final class ApiJson {

    private ApiJson() {
    }

    static JsonObject socket(SocketDetails s) {
        JsonObjectBuilder data = JsonBuilders.object();
        s.data().forEach((k, v) -> data.add(k, Payloads.toJson(v, new ArrayList<>())));
        TreeSet<String> rooms = new TreeSet<>(s.rooms());
        rooms.remove(s.id());
        JsonObjectBuilder b = JsonBuilders.object()
                .add("id", s.id())
                .add("namespace", s.namespace())
                .add("node", s.node() == null ? "" : s.node())
                .add("transport", s.transport() == null || s.transport().isEmpty() ? JsonValue.NULL
                        : JsonBuilders.value(s.transport()))
                .add("rooms", Json.createArrayBuilder(rooms))
                .add("connectedAt", s.connectedAt() == null ? JsonValue.NULL : JsonBuilders.value(s.connectedAt().toString()))
                .add("identity", s.identity() == null ? JsonValue.NULL : IdentityJson.toJson(s.identity()))
                .add("address", s.handshake() == null || s.handshake().address() == null ? JsonValue.NULL
                        : JsonBuilders.value(s.handshake().address()))
                .add("data", data);
        return b.build();
    }

    static JsonObject node(NodeSnapshot n, boolean self, Instant now) {
        NodeSnapshot.Counters c = n.counters();
        return JsonBuilders.object()
                .add("node", n.node())
                .add("self", self)
                .add("startedAt", n.startedAt().toString())
                .add("uptimeSeconds", Math.max(0, Duration.between(n.startedAt(), now).toSeconds()))
                .add("takenAt", n.takenAt().toString())
                .add("connections", counts(n.connections()))
                .add("connectionCount", n.connectionCount())
                .add("sockets", counts(n.sockets()))
                .add("socketCount", n.sockets().values().stream().mapToInt(Integer::intValue).sum())
                .add("counters", JsonBuilders.object()
                        .add("handshakes", c.handshakes()).add("upgrades", c.upgrades())
                        .add("eventsIn", c.eventsIn()).add("eventsOut", c.eventsOut())
                        .add("deliveries", c.deliveries()).add("bytesIn", c.bytesIn()).add("bytesOut", c.bytesOut()))
                .build();
    }

    private static JsonObjectBuilder counts(Map<String, Integer> counts) {
        JsonObjectBuilder out = JsonBuilders.object();
        new TreeMap<>(counts).forEach(out::add);
        return out;
    }
}
