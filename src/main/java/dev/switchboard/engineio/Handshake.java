package dev.switchboard.engineio;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the client sent when the session opened: headers (lower-case names), query parameters, its address and
 * when it connected. Upper layers expose it as {@code socket.handshake}.
 */
public record Handshake(Map<String, List<String>> headers, Map<String, String> query, String remoteAddress,
                        String url, Instant issued) {

    public Handshake {
        headers = Map.copyOf(SharedStrings.HANDSHAKES.headers(headers));
        query = Map.copyOf(SharedStrings.HANDSHAKES.query(query));
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
