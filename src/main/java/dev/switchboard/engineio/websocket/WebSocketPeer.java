package dev.switchboard.engineio.websocket;

import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;

/**
 * The connection under a {@link WebSocketTransport}: a container's WebSocket session ({@link ContainerPeer}), or a
 * connection Switchboard reads and writes itself below the servlet container ({@link GrizzlyWebSocket}).
 */
interface WebSocketPeer {

    /** Writes of whole encoded frames, or {@code null}: then the transport sends one message at a time below. */
    RawFrames raw();

    /** One text message through the portable API; only called when {@link #raw} is {@code null}. */
    void sendText(String text, SendHandler done);

    /** One binary message through the portable API; only called when {@link #raw} is {@code null}. */
    void sendBinary(ByteBuffer data, SendHandler done);

    /** Sends a close frame with {@code code} and {@code reason}, then ends the connection; later calls do nothing. */
    void close(int code, String reason);
}
