package dev.switchboard.admin;

import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.socketio.SocketDetails;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's socket search, apart from the cluster: reading the request, matching sockets and writing the
 * answer. Requests are {@code {namespace, query, limit}}; a socket matches when the query (case-insensitive) is
 * part of its id, of one of its rooms, or of its caller's name. Errors are {@link AdminError}s.
 */
final class SocketSearch {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final int MAX_QUERY = 200;

    /** A parsed request. */
    record Request(String namespace, String query, int limit) {
    }

    private SocketSearch() {
    }

    /** Reads {@code {namespace, query, limit}}: namespace defaults to "/", query to "" (everything). */
    static Request parse(JsonValue value) {
        JsonObject request = object(value);
        String namespace = namespace(request);
        String query = "";
        JsonValue q = request.get("query");
        if (q != null && q != JsonValue.NULL) {
            if (!(q instanceof JsonString s) || s.getString().length() > MAX_QUERY) {
                throw AdminError.badRequest("query: a string of at most " + MAX_QUERY + " characters");
            }
            query = s.getString().strip();
        }
        int limit = DEFAULT_LIMIT;
        JsonValue l = request.get("limit");
        if (l != null && l != JsonValue.NULL) {
            if (!(l instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1 || n.longValue() > MAX_LIMIT) {
                throw AdminError.badRequest("limit: a whole number from 1 to " + MAX_LIMIT);
            }
            limit = n.intValue();
        }
        return new Request(namespace, query, limit);
    }

    /** The request as an object, or a bad_request error. */
    static JsonObject object(JsonValue value) {
        if (!(value instanceof JsonObject request)) {
            throw AdminError.badRequest("send an object");
        }
        return request;
    }

    /** The {@code namespace} field: "/" when absent, else a string starting with "/". */
    static String namespace(JsonObject request) {
        JsonValue n = request.get("namespace");
        if (n == null || n == JsonValue.NULL) {
            return "/";
        }
        if (!(n instanceof JsonString s) || !s.getString().startsWith("/") || s.getString().length() > 200) {
            throw AdminError.badRequest("namespace: a name starting with /");
        }
        return s.getString();
    }

    /** Whether the socket matches the query; {@code name} is its caller's name, or null when unknown. */
    static boolean matches(SocketDetails socket, String name, String query) {
        if (query.isEmpty()) {
            return true;
        }
        String q = query.toLowerCase(Locale.ROOT);
        return contains(socket.id(), q) || contains(name, q)
                || socket.rooms().stream().anyMatch(room -> !room.equals(socket.id()) && contains(room, q));
    }

    private static boolean contains(String text, String lowerCaseQuery) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(lowerCaseQuery);
    }

    /**
     * {@code {namespace, query, total, truncated, sockets: [...]}}: the matches in a stable order (node, then
     * connection time, then id), at most {@code limit} of them.
     */
    static JsonObject answer(Request request, List<SocketDetails> found) {
        List<SocketDetails> matching = found.stream()
                .filter(s -> matches(s, name(s), request.query()))
                .sorted(Comparator.comparing((SocketDetails s) -> String.valueOf(s.node()))
                        .thenComparing(SocketSearch::connectedAt)
                        .thenComparing(SocketDetails::id))
                .toList();
        JsonArrayBuilder sockets = JsonBuilders.array();
        matching.stream().limit(request.limit()).forEach(s -> sockets.add(toJson(s)));
        return JsonBuilders.object()
                .add("namespace", request.namespace())
                .add("query", request.query())
                .add("total", matching.size())
                .add("truncated", matching.size() > request.limit())
                .add("sockets", sockets)
                .build();
    }

    /** The verified caller's name, or null (anonymous, or a socket on a Node.js node). */
    static String name(SocketDetails s) {
        return s.identity() == null ? null : s.identity().name();
    }

    /** When the socket connected: to its namespace, or (from a Node.js node) its handshake's time. */
    static Instant connectedAt(SocketDetails s) {
        return s.connectedAt() != null ? s.connectedAt() : s.handshake().time();
    }

    /** One socket: id, node, transport, rooms (its own room left out), caller's name, address, connection time. */
    static JsonObject toJson(SocketDetails s) {
        String name = name(s);
        JsonObjectBuilder out = JsonBuilders.object()
                .add("id", s.id())
                .add("namespace", s.namespace())
                .add("node", String.valueOf(s.node()))
                .add("transport", s.transport() == null ? "" : s.transport())
                .add("rooms", Json.createArrayBuilder(s.rooms().stream().filter(r -> !r.equals(s.id())).sorted()
                        .toList()))
                .add("connectedAt", connectedAt(s).toEpochMilli());
        out.add("name", name == null ? JsonValue.NULL : JsonBuilders.value(name));
        out.add("address", s.handshake().address() == null ? JsonValue.NULL
                : JsonBuilders.value(s.handshake().address()));
        return out.build();
    }
}
