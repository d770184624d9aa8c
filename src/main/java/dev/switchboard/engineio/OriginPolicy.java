package dev.switchboard.engineio;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may talk to the engine, on polling and on the WebSocket upgrade alike:
 * <ol>
 *   <li>no {@code Origin} header (non-browser clients): allowed;</li>
 *   <li>same origin: the Origin's host and port equal the request's {@code Host} header: allowed;</li>
 *   <li>an origin listed in {@code switchboard.engine.allowed-origins} (exact {@code scheme://host[:port]}), or
 *       {@code *} listed (which allows any origin, {@code Origin: null} included): allowed;</li>
 *   <li>anything else, including {@code Origin: null}: refused with 403.</li>
 * </ol>
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean any;

    public OriginPolicy(Set<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).collect(java.util.stream.Collectors.toSet());
        this.any = allowed.contains("*");
    }

    /** True when a request with this Origin header (maybe null) to this Host header may proceed. */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        return isSameOrigin(origin, host) || isCrossOriginAllowed(origin);
    }

    /** True when the origin is explicitly allowed cross-origin: CORS headers are sent for it. */
    public boolean isCrossOriginAllowed(String origin) {
        return origin != null && (any || allowed.contains(normalize(origin)));
    }

    private static boolean isSameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = "https".equals(scheme) ? 443 : 80;
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort;
            return hostPort(host, defaultPort).equals(uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "example.com" → "example.com:{defaultPort}" (the Origin scheme's), "example.com:8080" → itself. */
    private static String hostPort(String host, int defaultPort) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        boolean hasPort = colon > h.lastIndexOf(']');
        return hasPort ? h : h + ":" + defaultPort;
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
