package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineException;
import dev.switchboard.engineio.EngineHttp;
import dev.switchboard.engineio.EngineRequest;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.EngineSession;
import dev.switchboard.engineio.TransportKind;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs before the container's WebSocket upgrade on the engine path. A refused upgrade (bad EIO, transport or
 * origin; unknown sid; a session already upgraded or upgrading; a new connection over the connection limits) gets
 * the same JSON error as polling, with no upgrade. Accepted ones carry the peer address to the endpoint in
 * {@link EngineHttp#REMOTE_ADDRESS_HEADER} and never cost a reverse DNS lookup.
 * Requests that are not upgrades pass through untouched.
 */
public class WebSocketUpgradeFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(WebSocketUpgradeFilter.class.getName());
    /** Grizzly's classes are not there: no owned connections in this application. */
    private static volatile boolean grizzlyMissing;

    @Inject
    private EngineServer server;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            chain.doFilter(req, resp);
            return;
        }
        try {
            Map<String, String> query = EngineHttp.query(req.getQueryString());
            EngineRequest request = EngineHttp.check(req, query, true, server);
            if (request.sid() == null) {
                EngineHttp.admitNewConnection(req, server);
            } else {
                EngineSession session = server.find(request.sid());
                if (session == null) {
                    throw new EngineException(EngineError.UNKNOWN_SID);
                }
                if (session.upgraded() || session.upgrading() || session.transport() != TransportKind.POLLING) {
                    throw new EngineException(EngineError.BAD_REQUEST);
                }
            }
        } catch (EngineException e) {
            server.counters().countRejected(e.error());
            EngineHttp.writeError(resp, e);
            return;
        }
        if (!owned(() -> GrizzlyWebSocket.upgrade(req, resp, server))) {
            chain.doFilter(new PeerAddressRequest(req), resp);
        }
    }

    /** An attempt to upgrade to an owned connection: true if it did, false (nothing touched) if Tyrus should. */
    @FunctionalInterface
    interface OwnedUpgrade {
        boolean upgrade() throws IOException, ServletException;
    }

    /**
     * Runs {@code attempt} unless an earlier one found the container's classes missing: {@link GrizzlyWebSocket}
     * links against Grizzly, which containers other than Payara and GlassFish (WildFly) do not have. Its class
     * then fails to load before it touches the request, and every WebSocket stays on the portable path.
     */
    static boolean owned(OwnedUpgrade attempt) throws IOException, ServletException {
        if (grizzlyMissing) {
            return false;
        }
        try {
            return attempt.upgrade();
        } catch (LinkageError e) {
            grizzlyMissing = true;
            LOG.log(Level.INFO, "WebSocket connections stay on the container''s WebSocket stack: {0}", e.toString());
            return false;
        }
    }

    /**
     * Replaces any client-sent {@link EngineHttp#REMOTE_ADDRESS_HEADER} with the real peer address, and answers
     * host-name questions with addresses: the container's WebSocket upgrade asks for the local host name, which
     * costs a reverse DNS lookup per connection (seconds each where DNS is slow or unreachable).
     */
    private static final class PeerAddressRequest extends HttpServletRequestWrapper {
        private final String address;

        PeerAddressRequest(HttpServletRequest req) {
            super(req);
            this.address = req.getRemoteAddr();
        }

        @Override
        public String getLocalName() {
            return getLocalAddr();
        }

        @Override
        public String getRemoteHost() {
            return getRemoteAddr();
        }

        private static boolean isOurs(String name) {
            return EngineHttp.REMOTE_ADDRESS_HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isOurs(name) ? address : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isOurs(name) ? Collections.enumeration(List.of(address)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(WebSocketUpgradeFilter.PeerAddressRequest::isOurs);
            names.add(EngineHttp.REMOTE_ADDRESS_HEADER);
            return Collections.enumeration(names);
        }
    }
}
