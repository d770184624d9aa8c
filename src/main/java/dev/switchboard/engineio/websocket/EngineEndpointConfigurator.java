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
    private volatile EngineServer server;

    /** The engine, looked up once per deployment (this configurator belongs to one endpoint of one deployment). */
    private EngineServer server() {
        EngineServer s = server;
        if (s == null) {
            s = CDI.current().select(EngineServer.class).get();
            server = s;
        }
        return s;
    }

    /**
     * A new endpoint per connection, made here rather than by the container's CDI integration: Tyrus on Payara
     * built a Weld injection target for every connection (JFR: ~10 % of the server's CPU while 10,000 clients
     * connected, and ~0.5 KB of CDI bookkeeping kept per connection). The endpoint needs one bean, passed in.
     */
    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        if (type == EngineWebSocketEndpoint.class) {
            return type.cast(new EngineWebSocketEndpoint(server()));
        }
        return super.getEndpointInstance(type);
    }

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
            EngineServer server = server();
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
            WebSocketTransport.refuse(ContainerPeer.refused(ws), e.error());
            return null;
        }
        return WebSocketTransport.accept(server, ContainerPeer.of(ws, server.config()),
                (Handshake) config.getUserProperties().get(HANDSHAKE));
    }
}
