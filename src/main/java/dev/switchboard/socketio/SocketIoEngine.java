package dev.switchboard.socketio;

import dev.switchboard.engineio.EngineCloseReason;
import dev.switchboard.engineio.EngineListener;
import dev.switchboard.engineio.EngineSession;
import dev.switchboard.protocol.EnginePacket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plugs Socket.IO into the engine: one {@link Client} per Engine.IO session. */
@ApplicationScoped
public class SocketIoEngine implements EngineListener {

    @Inject
    private SocketIoServer server;

    @Override
    public void onOpen(EngineSession session) {
        session.attach(new Client(session, server, server.config()));
    }

    @Override
    public void onMessage(EngineSession session, EnginePacket message) {
        if (session.attachment() instanceof Client client) {
            client.onMessage(message);
        }
    }

    @Override
    public void onClose(EngineSession session, EngineCloseReason reason) {
        if (session.attachment() instanceof Client client) {
            client.onClose(reason);
        }
    }
}
