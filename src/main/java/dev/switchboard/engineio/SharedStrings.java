package dev.switchboard.engineio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of the strings that every handshake repeats. A session keeps its handshake for its whole life
 * (it is {@code socket.handshake}), and the container makes new strings for each request: the header names, values
 * such as {@code websocket} or the page's {@code Origin}, and the Engine.IO query parameters took ~600 bytes of each
 * idle connection, the same text 10,000 times.
 * <p>
 * Only what is shared across clients is looked up: header names; the values of headers that are the same for
 * many clients ({@link #SHARED_VALUE_HEADERS}: not keys, cookies or credentials, which are one per client); query
 * keys and the values of {@code EIO} and {@code transport}. Each table holds at most {@link #LIMIT} entries of at
 * most {@link #MAX_LENGTH} characters: a client sending made-up names fills it once, and later strings are then
 * simply kept as they came (memory, not correctness).
 */
final class SharedStrings {

    static final int LIMIT = 1024;
    static final int MAX_LENGTH = 256;

    /** Headers whose values repeat across clients (a browser's, a site's): their single values are shared. */
    static final Set<String> SHARED_VALUE_HEADERS = Set.of("host", "origin", "upgrade", "connection",
            "sec-websocket-version", "sec-websocket-extensions", "user-agent", "accept", "accept-language",
            "accept-encoding", "cache-control", "pragma");
    private static final Set<String> SHARED_QUERY_VALUES = Set.of("EIO", "transport");

    /** The tables every handshake uses. */
    static final SharedStrings HANDSHAKES = new SharedStrings(LIMIT);

    private final int limit;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, List<String>> values = new ConcurrentHashMap<>();
    private final Map<String, String> query = new ConcurrentHashMap<>();

    SharedStrings(int limit) {
        this.limit = limit;
    }

    /** {@code headers} with shared names and, for {@link #SHARED_VALUE_HEADERS}, shared one-value lists. */
    Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new HashMap<>(headers.size() * 2);
        headers.forEach((name, values) -> {
            String shared = share(names, name, name);
            if (values.size() == 1 && SHARED_VALUE_HEADERS.contains(shared)) {
                out.put(shared, share(this.values, values.get(0), List.of(values.get(0))));
            } else {
                out.put(shared, values);
            }
        });
        return out;
    }

    /** {@code query} with shared keys, and shared values of the Engine.IO parameters. */
    Map<String, String> query(Map<String, String> query) {
        Map<String, String> out = new HashMap<>(query.size() * 2);
        query.forEach((key, value) -> {
            String shared = share(this.query, key, key);
            out.put(shared, SHARED_QUERY_VALUES.contains(shared) ? share(this.query, value, value) : value);
        });
        return out;
    }

    /** The table's value for {@code key}, else {@code value}, which the table keeps while it has room. */
    private <V> V share(Map<String, V> table, String key, V value) {
        V known = table.get(key);
        if (known != null) {
            return known;
        }
        if (key.length() > MAX_LENGTH || table.size() >= limit) {
            return value;
        }
        known = table.putIfAbsent(key, value);
        return known != null ? known : value;
    }

    /** How many strings the tables hold (for tests). */
    int size() {
        return names.size() + values.size() + query.size();
    }
}
