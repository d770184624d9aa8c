package dev.switchboard.engineio.polling;

import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the official Socket.IO browser bundle under the engine path ({@code /socket.io/socket.io.js} and friends),
 * as Socket.IO servers do. The build copies the bundle from the npm package into {@code WEB-INF/socket.io-client/};
 * any other name under the engine path is a bad request.
 */
final class ClientFiles {

    static final String FOLDER = "/WEB-INF/socket.io-client/";
    private static final Map<String, String> TYPES = Map.of(
            "socket.io.js", "application/javascript",
            "socket.io.min.js", "application/javascript",
            "socket.io.js.map", "application/json",
            "socket.io.min.js.map", "application/json");

    private ClientFiles() {
    }

    static void serve(HttpServletRequest req, HttpServletResponse resp, String name) throws IOException {
        String type = TYPES.get(name);
        if (type == null || !("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()))) {
            throw new EngineException(EngineError.BAD_REQUEST);
        }
        try (InputStream in = req.getServletContext().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new EngineException(EngineError.BAD_REQUEST);
            }
            byte[] body = in.readAllBytes();
            resp.setContentType(type);
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "public, max-age=3600");
            resp.setContentLength(body.length);
            if ("GET".equals(req.getMethod())) {
                resp.getOutputStream().write(body);
            }
        }
    }
}
