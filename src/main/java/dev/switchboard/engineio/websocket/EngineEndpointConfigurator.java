package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineException;
import dev.switchboard.engineio.EngineHttp;
import dev.switchboard.engineio.EngineRequest;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.Handshake;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Captures the upgrade request (headers, query, peer address) for the session's handshake and checks it once
 * more: the upgrade filter answers bad requests with a JSON error first, this check closes the socket with a
 * reason if a request got past it anyway.
 */
public class EngineEndpointConfigurator extends ServerEndpointConfig.Configurator {

    private static final String HANDSHAKE = Handshake.class.getName();
    private static final String REFUSAL = EngineException.class.getName();

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.get(0));
            }
        });
        List<String> remote = headers.remove(EngineHttp.REMOTE_ADDRESS_HEADER);
        String url = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Handshake handshake = new Handshake(headers, query, remote == null ? null : remote.get(0), url, Instant.now());
        sec.getUserProperties().put(HANDSHAKE, handshake);
        sec.getUserProperties().remove(REFUSAL);
        try {
            EngineServer server = CDI.current().select(EngineServer.class).get();
            EngineRequest.check(query.get("EIO"), query.get("transport"), query.get("sid"), handshake.header("origin"),
                    handshake.header("host"), true, server.config(), server.origins());
        } catch (EngineException e) {
            sec.getUserProperties().put(REFUSAL, e);
        }
    }

    /** Opens the transport for a new connection, or closes it with the reason its upgrade request was refused. */
    static WebSocketTransport accept(EngineServer server, Session ws, EndpointConfig config) {
        Object refusal = config.getUserProperties().get(REFUSAL);
        if (refusal instanceof EngineException e) {
            server.counters().countRejected(e.error());
            WebSocketTransport.refuse(ws, e.error());
            return null;
        }
        return WebSocketTransport.accept(server, ws, (Handshake) config.getUserProperties().get(HANDSHAKE));
    }
}
