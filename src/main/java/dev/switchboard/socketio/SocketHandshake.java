package dev.switchboard.socketio;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a socket's client sent when it connected, as {@code socket.handshake} in Socket.IO: the HTTP request of the
 * Engine.IO handshake (headers with lower-case names, query, address, url, time) and the namespace CONNECT's
 * {@code auth} payload (an empty object when there was none).
 */
public record SocketHandshake(Map<String, List<String>> headers, Map<String, String> query, String address,
                              String url, Instant time, JsonObject auth) {

    static final String REDACTED = "[redacted]";

    /**
     * A handshake with its credentials replaced by {@value #REDACTED}: the Authorization header, and a JWT in the
     * token query parameter (in {@code query} and {@code url}) or in {@code auth.token}. (Other values there are
     * left alone: Socket.IO's conformance suite, for one, expects its {@code auth} payload echoed unchanged.) Handlers read the verified caller from
     * {@code socket.identity()}; tokens never reach handler code or logs through the handshake.
     */
    static SocketHandshake redacted(Map<String, List<String>> headers, Map<String, String> query, String address,
                                    String url, Instant time, JsonObject auth, String tokenParameter) {
        Map<String, List<String>> h = headers;
        if (h.containsKey("authorization")) {
            h = new java.util.HashMap<>(headers);
            h.put("authorization", List.of(REDACTED));
        }
        Map<String, String> q = query;
        String u = url;
        if (looksLikeJwt(query.get(tokenParameter))) {
            q = new java.util.HashMap<>(query);
            q.put(tokenParameter, REDACTED);
            u = url.replaceAll("([?&]" + java.util.regex.Pattern.quote(tokenParameter) + "=)[^&]*", "$1" + REDACTED);
        }
        JsonObject a = auth;
        if (auth.get("token") instanceof jakarta.json.JsonString t && looksLikeJwt(t.getString())) {
            a = jakarta.json.Json.createObjectBuilder(auth).add("token", REDACTED).build();
        }
        // Map.copyOf returns a map that is immutable already as it is: with nothing redacted, every socket of a
        // connection shares the connection's maps (memory per connection)
        return new SocketHandshake(Map.copyOf(h), Map.copyOf(q), address, u, time, a);
    }

    /** Three base64url segments separated by dots (the last may be empty): the shape of a compact JWT. */
    static boolean looksLikeJwt(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
