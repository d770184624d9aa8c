package dev.switchboard.api;

import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validation of the server API's inputs: each refusal is a 400 naming the field and what it must be. */
final class Fields {

    static final int MAX_NAME = 256;
    static final int MAX_LIST = 100;
    /** Event names a client would take for the protocol's own, or for Switchboard's notices. */
    static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");
    static final String RESERVED_PREFIX = "switchboard:";

    private Fields() {
    }

    static ApiException invalid(String field, String what) {
        return new ApiException(400, field + ": " + what);
    }

    /** The body as a JSON object whose fields are all among {@code allowed}. */
    static JsonObject object(JsonValue body, Set<String> allowed) {
        if (!(body instanceof JsonObject o)) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        for (String name : o.keySet()) {
            if (!allowed.contains(name)) {
                throw invalid(name, "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return o;
    }

    /** An existing namespace; {@code null} or absent means {@code "/"}. */
    static SocketIoNamespace namespace(SocketIoServer io, String name) {
        String n = name == null ? "/" : name;
        return io.namespaces().stream().filter(ns -> ns.name().equals(n)).findFirst()
                .orElseThrow(() -> invalid("namespace", "no namespace '" + clip(n) + "' on this server"));
    }

    static String namespaceField(JsonObject o) {
        JsonValue v = o.get("namespace");
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s) || !s.getString().startsWith("/")) {
            throw invalid("namespace", "a string starting with /");
        }
        return s.getString();
    }

    /** A room or socket id: 1 to 256 characters. */
    static String name(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_NAME) {
            throw invalid(field, "1 to " + MAX_NAME + " characters");
        }
        return value;
    }

    /** An optional array of room names (absent: empty). */
    static List<String> names(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray a) || a.size() > MAX_LIST) {
            throw invalid(field, "an array of at most " + MAX_LIST + " room names");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : a) {
            if (!(item instanceof JsonString s)) {
                throw invalid(field, "room names are strings");
            }
            out.add(name(field, s.getString()));
        }
        return out;
    }

    static String event(JsonObject o) {
        if (!(o.get("event") instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > MAX_NAME) {
            throw invalid("event", "a string of 1 to " + MAX_NAME + " characters");
        }
        String event = s.getString();
        if (RESERVED_EVENTS.contains(event) || event.startsWith(RESERVED_PREFIX)) {
            throw invalid("event", "'" + event + "' is reserved");
        }
        return event;
    }

    static JsonArray args(JsonObject o) {
        JsonValue v = o.get("args");
        if (v == null || v == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (!(v instanceof JsonArray a)) {
            throw invalid("args", "an array of the event's arguments");
        }
        return a;
    }

    /** An optional whole number within bounds; {@code null} when absent. */
    static Long integer(JsonObject o, String field, long min, long max) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().compareTo(
                java.math.BigDecimal.valueOf(min)) < 0 || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw invalid(field, "a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    static int limit(Integer value, int max) {
        if (value == null) {
            return max;
        }
        if (value < 1 || value > max) {
            throw invalid("limit", "1 to " + max);
        }
        return value;
    }

    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
