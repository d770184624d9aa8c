package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A container's WebSocket session (the portable path), with Tyrus's fast paths where the container has them. */
final class ContainerPeer implements WebSocketPeer {

    private final Session ws;
    private final RawFrames raw;

    private ContainerPeer(Session ws, RawFrames raw) {
        this.ws = ws;
        this.raw = raw;
    }

    /** Sets the session's limits and installs the fast paths that fit it. */
    static ContainerPeer of(Session ws, EngineConfig config) {
        IdleTimerShortcut.install(ws, config.fastPaths().tyrusIdleShortcut());
        ws.setMaxTextMessageBufferSize(config.maxPayload());
        ws.setMaxBinaryMessageBufferSize(config.maxPayload());
        return new ContainerPeer(ws, RawFrames.of(ws, config.fastPaths()));
    }

    /** A session that is only closed (its upgrade request was refused): no limits, no fast paths. */
    static ContainerPeer refused(Session ws) {
        return new ContainerPeer(ws, null);
    }

    @Override
    public RawFrames raw() {
        return raw;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        ws.getAsyncRemote().sendText(text, done);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        ws.getAsyncRemote().sendBinary(data, done);
    }

    @Override
    public void close(int code, String reason) {
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }
}
