package dev.switchboard.socketio;

import dev.switchboard.protocol.EnginePacket;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * What a socket needs from the connection it lives on. {@link Client} is the real one (an Engine.IO session);
 * tests of room and adapter logic provide their own, so they run without a container.
 */
interface ClientConnection {

    String transport();

    SocketHandshake handshake(JsonObject auth);

    /** The token the handshake carried ({@code Authorization: Bearer} header or query parameter), or null. */
    default String credential() {
        return null;
    }

    /** Queues encoded messages; never blocks. */
    void send(List<EnginePacket> messages);

    /** Queues messages only if they can leave at once (volatile packets); false when they were dropped. */
    boolean sendIfReady(List<EnginePacket> messages);

    /** Ends the whole connection. */
    void closeConnection();

    /** Registers the socket for its namespace; false when the connection already has one there. */
    boolean adopt(SocketIoSocket socket);

    void forget(SocketIoSocket socket);
}
