package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineConfig;
import dev.switchboard.engineio.EngineServer;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The Engine.IO WebSocket endpoint: adapts container callbacks to a {@link WebSocketTransport}, nothing more.
 * Published at the default path; {@link WebSocketDeployment} swaps in {@link ConfiguredPathEndpoint} for others.
 */
@ServerEndpoint(value = EngineConfig.DEFAULT_PATH, configurator = EngineEndpointConfigurator.class)
public class EngineWebSocketEndpoint {

    @Inject
    private EngineServer server;

    private WebSocketTransport transport;

    /** For a container that makes endpoints itself; ours are made by {@link EngineEndpointConfigurator}. */
    public EngineWebSocketEndpoint() {
    }

    EngineWebSocketEndpoint(EngineServer server) {
        this.server = server;
    }

    @OnOpen
    public void open(Session ws, EndpointConfig config) {
        transport = EngineEndpointConfigurator.accept(server, ws, config);
    }

    @OnMessage
    public void text(String frame) {
        if (transport != null) {
            transport.onText(frame);
        }
    }

    @OnMessage
    public void binary(byte[] frame) {
        if (transport != null) {
            transport.onBinary(frame);
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (transport != null) {
            transport.onClosed(reason == null ? 1006 : reason.getCloseCode().getCode());
        }
    }

    @OnError
    public void error(Throwable error) {
        if (transport != null) {
            transport.onError(error);
        }
    }
}
