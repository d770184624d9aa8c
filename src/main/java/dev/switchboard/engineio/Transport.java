package dev.switchboard.engineio;

import dev.switchboard.protocol.EnginePacket;

/**
 * One connection of a session: a WebSocket, or the stream of HTTP long-polling requests. The session owns the
 * state (outbox, heartbeat, upgrade); a transport only moves packets and closes. Methods are called without the
 * session lock held unless they say otherwise.
 */
public abstract class Transport {

    protected final EngineSession session;

    protected Transport(EngineSession session) {
        this.session = session;
    }

    public EngineSession session() {
        return session;
    }

    public abstract TransportKind kind();

    /** The engine's counters, for the bytes this transport moves. */
    protected final EngineCounters counters() {
        return session.counters();
    }

    /** True when a packet queued now would leave at once (no frame in flight, or a GET is waiting). */
    protected abstract boolean readyNow();

    /** True while the transport holds a client request open (a long-polling GET waiting for packets). */
    public boolean isHoldingRequest() {
        return false;
    }

    /** The session queued packets for this transport: take them with {@link EngineSession#drain} when you can. */
    protected abstract void outboxReady();

    /** Sends one packet ahead of the outbox (the upgrade probe's pong). */
    protected abstract void sendDirect(EnginePacket packet);

    /** An upgrade started: the client will stop using this transport, so release any request it is holding. */
    protected abstract void pause();

    /** Ends the connection; later calls do nothing. */
    protected abstract void close(EngineCloseReason reason);

    /** Packets arrived from the client on this transport. */
    protected final void received(EnginePacket packet) {
        session.receive(packet, this);
    }

    /** The connection is gone (closed by the peer or failed). */
    protected final void lost(EngineCloseReason reason) {
        session.transportLost(this, reason);
    }
}
