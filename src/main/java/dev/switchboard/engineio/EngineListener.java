package dev.switchboard.engineio;

import dev.switchboard.protocol.EnginePacket;

/**
 * The layer above Engine.IO (Socket.IO) as the engine sees it. One CDI bean implements it; without one, messages
 * are dropped. Messages of one session arrive in order, one at a time; {@code onClose} comes once, possibly from a
 * timer thread while a last message is still being handled. No engine lock is held during a callback.
 */
public interface EngineListener {

    /** The session is open and its open packet is queued. */
    void onOpen(EngineSession session);

    /** A message packet (text or binary) arrived. */
    void onMessage(EngineSession session, EnginePacket message);

    /** The session ended; called exactly once. */
    void onClose(EngineSession session, EngineCloseReason reason);
}
