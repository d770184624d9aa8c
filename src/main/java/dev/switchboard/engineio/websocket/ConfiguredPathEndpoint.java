package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineServer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The same adapter as {@link EngineWebSocketEndpoint}, in programmatic form, for an engine path other than the
 * default: containers publish an annotated class at its annotation's path whatever the configuration says.
 */
public class ConfiguredPathEndpoint extends Endpoint {

    private WebSocketTransport transport;

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        transport = EngineEndpointConfigurator.accept(CDI.current().select(EngineServer.class).get(), ws, config);
        if (transport != null) {
            WebSocketTransport t = transport;
            ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) t::onText);
            ws.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) t::onBinary);
        }
    }

    @Override
    public void onClose(Session ws, CloseReason reason) {
        if (transport != null) {
            transport.onClosed(reason == null ? 1006 : reason.getCloseCode().getCode());
        }
    }

    @Override
    public void onError(Session ws, Throwable error) {
        if (transport != null) {
            transport.onError(error);
        }
    }
}
