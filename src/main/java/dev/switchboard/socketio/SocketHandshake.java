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

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
