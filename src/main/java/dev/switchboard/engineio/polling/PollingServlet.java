package dev.switchboard.engineio.polling;

import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineException;
import dev.switchboard.engineio.EngineHttp;
import dev.switchboard.engineio.EngineRequest;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.EngineSession;
import dev.switchboard.engineio.Handshake;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The Engine.IO endpoint for every non-WebSocket request: handshake, GET, POST and CORS preflight. Registered
 * at the configured path by {@link dev.switchboard.engineio.EngineDeployment}, with async support. A handshake
 * passes the connection limits before a session is created; requests with a {@code sid} are not counted.
 */
public class PollingServlet extends HttpServlet {

    @Inject
    private EngineServer server;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-store");
        try {
            String file = req.getPathInfo();
            if (file != null && !"/".equals(file)) {
                ClientFiles.serve(req, resp, file.substring(1));
                return;
            }
            if ("OPTIONS".equals(req.getMethod())) {
                preflight(req, resp);
                return;
            }
            Map<String, String> query = EngineHttp.query(req.getQueryString());
            EngineRequest request = EngineHttp.check(req, query, false, server);
            EngineHttp.cors(req, resp, server);
            boolean get = "GET".equals(req.getMethod());
            if (request.sid() == null) {
                if (!get) {
                    throw new EngineException(EngineError.BAD_HANDSHAKE_METHOD);
                }
                EngineHttp.admitNewConnection(req, server);
                handshake(req, resp, query);
                return;
            }
            EngineSession session = server.find(request.sid());
            if (session == null) {
                throw new EngineException(EngineError.UNKNOWN_SID);
            }
            if (!(session.currentTransport() instanceof PollingTransport polling)) {
                throw new EngineException(EngineError.BAD_REQUEST);
            }
            if (get) {
                polling.handleGet(req, resp);
            } else if ("POST".equals(req.getMethod())) {
                polling.handlePost(req, resp);
            } else {
                throw new EngineException(EngineError.BAD_REQUEST);
            }
        } catch (EngineException e) {
            server.counters().countRejected(e.error());
            EngineHttp.writeError(resp, e);
        }
    }

    private void handshake(HttpServletRequest req, HttpServletResponse resp, Map<String, String> query)
            throws IOException {
        Handshake handshake = EngineHttp.handshake(req, query);
        long hold = server.config().pingInterval() + server.config().pingTimeout();
        EngineSession session = server.open(handshake,
                s -> new PollingTransport(s, server.config().maxPayload(), hold));
        if (session.currentTransport() instanceof PollingTransport polling) {
            polling.handleGet(req, resp);
        }
    }

    /** CORS preflight: allowed origins get the methods and headers polling uses; others get 403. */
    private void preflight(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String origin = req.getHeader("Origin");
        if (!server.origins().allows(origin, req.getHeader("Host"))) {
            throw new EngineException(EngineError.FORBIDDEN);
        }
        EngineHttp.cors(req, resp, server);
        resp.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        String requested = req.getHeader("Access-Control-Request-Headers");
        resp.setHeader("Access-Control-Allow-Headers", requested != null ? requested : "Content-Type");
        resp.setHeader("Access-Control-Max-Age", "86400");
        resp.setStatus(204);
    }
}
