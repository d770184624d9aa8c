package dev.switchboard.engineio;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP plumbing both transports share: query parsing, handshake capture, CORS and error responses. */
public final class EngineHttp {

    /**
     * Set by the upgrade filter on WebSocket upgrade requests (any client-sent copy is dropped) so the WebSocket
     * side learns the peer address, which the WebSocket API does not expose portably.
     */
    public static final String REMOTE_ADDRESS_HEADER = "x-switchboard-remote-address";

    private EngineHttp() {
    }

    /**
     * Parses a raw query string (first value wins). The body is never touched, unlike
     * {@code getParameter}, which may read a form-encoded POST body.
     */
    public static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw new EngineException(EngineError.BAD_REQUEST);
            }
        }
        return out;
    }

    /** Validates the Engine.IO parameters of an HTTP request. */
    public static EngineRequest check(HttpServletRequest req, Map<String, String> query, boolean upgrade,
                                      EngineServer server) {
        return EngineRequest.check(query.get("EIO"), query.get("transport"), query.get("sid"),
                req.getHeader("Origin"), req.getHeader("Host"), upgrade, server.config(), server.origins());
    }

    public static Handshake handshake(HttpServletRequest req, Map<String, String> query) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        String url = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        return new Handshake(headers, query, req.getRemoteAddr(), url, Instant.now());
    }

    /** Adds CORS headers when the request's Origin is explicitly allowed cross-origin. */
    public static void cors(HttpServletRequest req, HttpServletResponse resp, EngineServer server) {
        String origin = req.getHeader("Origin");
        resp.addHeader("Vary", "Origin");
        if (server.origins().isCrossOriginAllowed(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    /**
     * The early limit check of a request for a new connection (see {@link EngineServer#admit}): the peer is the
     * servlet's remote address, {@code X-Forwarded-For} counts only when that peer is a trusted proxy.
     */
    public static void admitNewConnection(HttpServletRequest req, EngineServer server) {
        server.admit(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")));
    }

    /** Writes the refusal as {@code {"code":N,"message":"..."}} with its HTTP status and Retry-After, if any. */
    public static void writeError(HttpServletResponse resp, EngineException refusal) throws IOException {
        if (!resp.isCommitted() && refusal.retryAfterSeconds() > 0) {
            resp.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        writeError(resp, refusal.error());
    }

    /** Writes the catalogued error as {@code {"code":N,"message":"..."}} with its HTTP status. */
    public static void writeError(HttpServletResponse resp, EngineError error) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        byte[] body = error.toJson().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(error.httpStatus());
        if (error == EngineError.PAYLOAD_TOO_LARGE) {
            // the rest of the body is never read: end the connection instead of draining it
            resp.setHeader("Connection", "close");
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
