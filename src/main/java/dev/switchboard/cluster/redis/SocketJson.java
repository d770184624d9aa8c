package dev.switchboard.cluster.redis;

import dev.switchboard.auth.IdentityJson;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.Payloads;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketHandshake;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A socket in a REMOTE_FETCH response, in the shape Node's socket.io sends ({@code id}, {@code handshake},
 * {@code rooms}, {@code data}) plus {@code node}, {@code transport}, {@code connectedAt} (epoch milliseconds) and
 * {@code identity} (the verified caller's standard claims, without the others), which Node ignores.
 */
final class SocketJson {

    private SocketJson() {
    }

    static JsonObject toJson(SocketDetails s) {
        SocketHandshake h = s.handshake();
        JsonObjectBuilder headers = JsonBuilders.object();
        h.headers().forEach((name, values) -> headers.add(name, String.join(", ", values)));
        JsonObjectBuilder query = JsonBuilders.object();
        h.query().forEach(query::add);
        JsonObjectBuilder handshake = JsonBuilders.object()
                .add("headers", headers)
                .add("time", h.time().toString())
                .add("issued", h.time().toEpochMilli())
                .add("url", h.url() == null ? "" : h.url())
                .add("query", query)
                .add("auth", h.auth());
        if (h.address() != null) {
            handshake.add("address", h.address());
        }
        JsonObjectBuilder data = JsonBuilders.object();
        s.data().forEach((k, v) -> data.add(k, Payloads.toJson(v, new ArrayList<>())));
        JsonObjectBuilder out = JsonBuilders.object();
        if (s.connectedAt() != null) {
            out.add("connectedAt", s.connectedAt().toEpochMilli());
        }
        if (s.identity() != null) {
            out.add("identity", IdentityJson.toJson(s.identity()));
        }
        return out
                .add("id", s.id())
                .add("handshake", handshake)
                .add("rooms", Json.createArrayBuilder(s.rooms()))
                .add("data", data)
                .add("node", s.node() == null ? "" : s.node())
                .add("transport", s.transport() == null ? "" : s.transport())
                .build();
    }

    static SocketDetails fromJson(JsonObject o, String namespace) {
        JsonObject h = o.get("handshake") instanceof JsonObject x ? x : JsonValue.EMPTY_JSON_OBJECT;
        Map<String, List<String>> headers = new HashMap<>();
        if (h.get("headers") instanceof JsonObject hs) {
            hs.forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.of(text(v))));
        }
        Map<String, String> query = new HashMap<>();
        if (h.get("query") instanceof JsonObject q) {
            q.forEach((k, v) -> query.put(k, text(v)));
        }
        Instant time = h.get("issued") instanceof jakarta.json.JsonNumber n
                ? Instant.ofEpochMilli(n.longValue()) : Instant.EPOCH;
        JsonObject auth = h.get("auth") instanceof JsonObject a ? a : JsonValue.EMPTY_JSON_OBJECT;
        SocketHandshake handshake = new SocketHandshake(headers, query, h.getString("address", null),
                h.getString("url", null), time, auth);
        Set<String> rooms = new HashSet<>();
        if (o.get("rooms") instanceof JsonArray r) {
            r.forEach(v -> rooms.add(text(v)));
        }
        Map<String, Object> data = new HashMap<>();
        if (o.get("data") instanceof JsonObject d) {
            d.forEach((k, v) -> {
                Object value = Payloads.plain(v);
                if (value != null) {
                    data.put(k, value);
                }
            });
        }
        return new SocketDetails(o.getString("id", ""), namespace, rooms, handshake,
                o.getString("transport", null), o.getString("node", null), data,
                o.get("connectedAt") instanceof jakarta.json.JsonNumber at ? Instant.ofEpochMilli(at.longValue()) : null,
                o.get("identity") instanceof JsonObject id ? IdentityJson.fromJson(id) : null);
    }


    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : v.toString();
    }
}
