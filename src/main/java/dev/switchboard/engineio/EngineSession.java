package dev.switchboard.engineio;

import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.EnginePacketType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Engine.IO session: its outbox, heartbeat and upgrade state. All state is guarded by this object's monitor;
 * transports and listeners are always called with it released.
 * <p>
 * Sending never blocks: packets go to a bounded outbox and the current transport takes them when it can. A client
 * that lets {@link EngineConfig#sendQueueLimit()} packets pile up is closed as a slow consumer.
 */
public final class EngineSession {

    private static final Logger LOG = Logger.getLogger(EngineSession.class.getName());
    private static final String PROBE = "probe";

    private enum State { OPEN, CLOSING, CLOSED }

    private final String id;
    private final Handshake handshake;
    private final EngineServer server;
    private final EngineConfig config;
    // starts small (the default capacity, 16, took ~90 bytes of every idle connection) and doubles when packets pile up
    private final ArrayDeque<EnginePacket> outbox = new ArrayDeque<>(1);

    private State state = State.OPEN;
    private Transport transport;
    private Transport probe;
    private boolean upgraded;
    private boolean awaitingPong;
    /** The next ping, the pong deadline, or (while CLOSING) the deadline to deliver the close packet. */
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> upgradeTimer;
    private EngineCloseReason closeReason;
    private volatile Object attachment;

    EngineSession(String id, Handshake handshake, EngineServer server) {
        this.id = id;
        this.handshake = handshake;
        this.server = server;
        this.config = server.config();
    }

    public String id() {
        return id;
    }

    public Handshake handshake() {
        return handshake;
    }

    /** The kind of transport currently carrying the session. */
    public synchronized TransportKind transport() {
        return transport.kind();
    }

    /** The transport currently carrying the session. */
    public synchronized Transport currentTransport() {
        return transport;
    }

    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** State the layer above keeps with this session. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    /** Queues a text message. Returns false if the session is closed or was just closed as a slow consumer. */
    public boolean send(String text) {
        return send(List.of(EnginePacket.message(text)));
    }

    /** Queues a binary message. */
    public boolean send(byte[] binary) {
        return send(List.of(EnginePacket.message(binary)));
    }

    /**
     * Queues messages that must reach the client back to back (a Socket.IO packet and its binary attachments):
     * no other send can come between them.
     */
    public boolean send(List<EnginePacket> messages) {
        for (EnginePacket p : messages) {
            if (p.type() != EnginePacketType.MESSAGE) {
                throw new IllegalArgumentException("the layer above sends message packets only");
            }
        }
        return enqueue(messages);
    }

    /**
     * Queues messages only if they would leave at once (nothing queued, transport free); otherwise drops them and
     * returns false. For Socket.IO's volatile packets: losing one beats piling up behind a slow client.
     */
    public boolean sendIfReady(List<EnginePacket> messages) {
        Transport target;
        synchronized (this) {
            if (state != State.OPEN || !outbox.isEmpty() || probe != null) {
                return false;
            }
            target = transport;
        }
        if (!target.readyNow()) {
            return false;
        }
        return send(messages);
    }

    /** Closes the session from the server side ("forced close"); the client gets a close packet. */
    public void close() {
        close(EngineCloseReason.FORCED_CLOSE);
    }

    // ---- engine internals ------------------------------------------------------------------------------------

    EngineCounters counters() {
        return server.counters();
    }

    /** Attaches the first transport and queues the open packet. Called once, before the session is registered. */
    void open(Transport first, String openPacketJson) {
        synchronized (this) {
            transport = first;
            outbox.add(EnginePacket.of(EnginePacketType.OPEN, openPacketJson));
            schedulePing();
        }
    }

    /** Tells the transport that the open packet (and anything the listener queued) is waiting. */
    void opened() {
        transport.outboxReady();
    }

    private boolean enqueue(List<EnginePacket> packets) {
        Transport target;
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            if (outbox.size() + packets.size() > config.sendQueueLimit()) {
                target = null;
            } else {
                for (int i = 0; i < packets.size(); i++) { // no iterator: this runs once per recipient of a broadcast
                    outbox.add(packets.get(i));
                }
                target = transport;
            }
        }
        if (target == null) {
            close(EngineCloseReason.SLOW_CONSUMER);
            return false;
        }
        target.outboxReady();
        return true;
    }

    /** Takes every queued packet if {@code t} is the current transport; an empty list otherwise. */
    public List<EnginePacket> drain(Transport t) {
        synchronized (this) {
            if (t != transport || outbox.isEmpty()) {
                return List.of();
            }
            List<EnginePacket> all = new ArrayList<>(outbox);
            outbox.clear();
            return all;
        }
    }

    /** Takes the next queued packet if {@code t} is the current transport, or {@code null}. */
    public EnginePacket poll(Transport t) {
        synchronized (this) {
            return t == transport ? outbox.poll() : null;
        }
    }

    /** True while the session has packets waiting for transport {@code t}. */
    public synchronized boolean hasQueued(Transport t) {
        return t == transport && !outbox.isEmpty();
    }

    /** True while a WebSocket probe is testing an upgrade away from the polling transport. */
    public synchronized boolean upgrading() {
        return probe != null;
    }

    /** True once the session moved from polling to WebSocket. */
    public synchronized boolean upgraded() {
        return upgraded;
    }

    /** The client has taken its close packet (or shutdown cannot wait for it): the session is over. */
    public void closeDelivered() {
        finish();
    }

    /**
     * Registers a WebSocket probing an upgrade of this polling session. Returns the reason it is refused, or
     * {@code null} when the probe may go on.
     */
    public EngineError attachProbe(Transport candidate) {
        synchronized (this) {
            if (state != State.OPEN) {
                return EngineError.UNKNOWN_SID;
            }
            if (upgraded || probe != null || transport.kind() != TransportKind.POLLING
                    || !config.enabled(candidate.kind())) {
                return EngineError.BAD_REQUEST;
            }
            probe = candidate;
            upgradeTimer = server.schedule(() -> abortProbe(candidate), config.upgradeTimeout());
            return null;
        }
    }

    void receive(EnginePacket packet, Transport from) {
        Transport current;
        Transport probing;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            current = transport;
            probing = probe;
        }
        if (from == probing) {
            receiveOnProbe(packet, from);
        } else if (from == current) {
            receiveOnTransport(packet);
        }
    }

    private void receiveOnTransport(EnginePacket packet) {
        switch (packet.type()) {
            case MESSAGE -> server.listener().onMessage(this, packet);
            case PONG -> pong();
            case CLOSE -> close(EngineCloseReason.TRANSPORT_CLOSE);
            case OPEN -> close(EngineCloseReason.PARSE_ERROR);
            case PING, NOOP, UPGRADE -> { /* not meaningful on an established transport: ignored */ }
        }
    }

    private void receiveOnProbe(EnginePacket packet, Transport from) {
        if (packet.type() == EnginePacketType.PING && PROBE.equals(packet.text())) {
            from.sendDirect(EnginePacket.of(EnginePacketType.PONG, PROBE));
            Transport old;
            synchronized (this) {
                old = transport;
            }
            old.pause();
        } else if (packet.type() == EnginePacketType.UPGRADE) {
            Transport old;
            synchronized (this) {
                if (probe != from) {
                    return;
                }
                cancel(upgradeTimer);
                upgradeTimer = null;
                old = transport;
                transport = from;
                probe = null;
                upgraded = true;
            }
            server.counters().countUpgrade();
            old.close(EngineCloseReason.TRANSPORT_CLOSE);
            from.outboxReady();
        } else {
            abortProbe(from);
        }
    }

    private void abortProbe(Transport candidate) {
        synchronized (this) {
            if (probe != candidate) {
                return;
            }
            probe = null;
            cancel(upgradeTimer);
            upgradeTimer = null;
        }
        candidate.close(EngineCloseReason.TRANSPORT_ERROR);
    }

    void transportLost(Transport t, EngineCloseReason reason) {
        boolean wasProbe;
        synchronized (this) {
            wasProbe = t == probe;
            if (!wasProbe && t != transport) {
                return;
            }
        }
        if (wasProbe) {
            abortProbe(t);
        } else {
            close(reason);
        }
    }

    // ---- heartbeat ------------------------------------------------------------------------------------------

    private void schedulePing() {
        timer = server.schedule(this::ping, config.pingInterval());
    }

    private void ping() {
        Transport target;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            awaitingPong = true;
            timer = server.schedule(() -> close(EngineCloseReason.PING_TIMEOUT), config.pingTimeout());
            outbox.add(EnginePacket.PING);
            target = transport;
        }
        target.outboxReady();
    }

    private void pong() {
        synchronized (this) {
            if (state != State.OPEN || !awaitingPong) {
                return;
            }
            awaitingPong = false;
            cancel(timer);
            schedulePing();
        }
    }

    // ---- closing --------------------------------------------------------------------------------------------

    /**
     * Ends the session. When the reason notifies the client, a close packet is queued and the session lingers
     * (CLOSING) until the transport delivers it or pingTimeout passes; otherwise it ends at once.
     */
    public void close(EngineCloseReason reason) {
        Transport current;
        Transport probing;
        boolean linger;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            cancel(timer);
            cancel(upgradeTimer);
            upgradeTimer = null;
            current = transport;
            probing = probe;
            probe = null;
            closeReason = reason;
            server.counters().countClose(reason);
            linger = reason.notifiesClient();
            if (linger) {
                state = State.CLOSING;
                outbox.add(EnginePacket.CLOSE);
                timer = server.schedule(this::finish, config.pingTimeout());
            } else {
                state = State.CLOSED;
                timer = null;
                outbox.clear();
            }
        }
        if (probing != null) {
            probing.close(reason);
        }
        try {
            server.listener().onClose(this, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Engine listener failed while closing session " + id, e);
        }
        if (linger) {
            current.outboxReady();
        } else {
            server.unregister(this);
            current.close(reason);
        }
    }

    private void finish() {
        Transport current;
        EngineCloseReason reason;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            cancel(timer);
            timer = null;
            outbox.clear();
            current = transport;
            reason = closeReason;
        }
        server.unregister(this);
        current.close(reason);
    }

    /** True once the session is closing or closed: transports answer with a close packet or not at all. */
    public synchronized boolean closing() {
        return state != State.OPEN;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + "]";
    }
}
