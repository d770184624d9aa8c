package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineCloseReason;
import dev.switchboard.engineio.EngineCounters;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineException;
import dev.switchboard.engineio.EngineServer;
import dev.switchboard.engineio.EngineSession;
import dev.switchboard.engineio.Handshake;
import dev.switchboard.engineio.Transport;
import dev.switchboard.engineio.TransportKind;
import dev.switchboard.engineio.WriteLanes;
import dev.switchboard.protocol.EngineCodec;
import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.EnginePacketType;
import dev.switchboard.protocol.ProtocolException;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket transport of one session. One write is in flight at a time (containers break on concurrent sends
 * to one session); the next is taken from the session's outbox when the previous completes. Writes go through
 * {@link RawFrames} where the container has it, else through the portable API. Lock order: this transport, then
 * the session.
 */
final class WebSocketTransport extends Transport implements WriteLanes.Writable {

    /** The most packets and (about) bytes one raw write takes from the queue. */
    private static final int BATCH_PACKETS = 64;
    private static final int BATCH_BYTES = 64 * 1024;
    /** RFC 6455 close codes this transport sends or reads. */
    static final int VIOLATED_POLICY = 1008;
    static final int MESSAGE_TOO_BIG = 1009;
    static final int TRY_AGAIN_LATER = 1013;

    private final WebSocketPeer ws;
    private final int maxPayload;
    private final RawFrames raw;
    /** This connection's place in its writer lane's queue, or null without lanes. */
    private final WriteLanes.Slot laneSlot;
    private final ArrayDeque<EnginePacket> direct = new ArrayDeque<>(1); // small: see EngineSession's outbox
    /** Told the outcome of every write: one handler for the connection's life, no object per write. */
    private final SendHandler written = this::written;
    private boolean inFlight;
    /** The write in flight ends with a close packet. */
    private boolean writingClose;
    /** The thread that started the write in flight has not returned from the write call yet. */
    private boolean starting;
    /** The outcome of a write that completed before the call that started it returned; that thread goes on. */
    private SendResult earlyResult;
    private boolean closed;

    private WebSocketTransport(EngineSession session, WebSocketPeer ws, EngineServer server) {
        super(session);
        this.ws = ws;
        this.maxPayload = server.config().maxPayload();
        this.raw = ws.raw();
        WriteLanes.Lane lane = server.writeLanes().assign();
        this.laneSlot = lane == null ? null : lane.slot(this);
    }

    /**
     * Takes a new WebSocket connection: a fresh session without {@code sid}, an upgrade probe with one.
     * Returns {@code null} after closing the connection when it is refused (1013 when the node is full).
     */
    static WebSocketTransport accept(EngineServer server, WebSocketPeer ws, Handshake handshake) {
        String sid = handshake.query().get("sid");
        if (sid == null || sid.isEmpty()) {
            WebSocketTransport[] created = new WebSocketTransport[1];
            try {
                server.open(handshake, s -> created[0] = new WebSocketTransport(s, ws, server));
            } catch (EngineException e) {
                // the node filled up between the upgrade filter's check and now: no session was created
                server.counters().countRejected(e.error());
                ws.close(TRY_AGAIN_LATER, e.error().message());
                return null;
            }
            return created[0];
        }
        EngineSession session = server.find(sid);
        if (session == null) {
            server.counters().countRejected(EngineError.UNKNOWN_SID);
            refuse(ws, EngineError.UNKNOWN_SID);
            return null;
        }
        WebSocketTransport probe = new WebSocketTransport(session, ws, server);
        EngineError refused = session.attachProbe(probe);
        if (refused != null) {
            server.counters().countRejected(refused);
            refuse(ws, refused);
            return null;
        }
        return probe;
    }

    static void refuse(WebSocketPeer ws, EngineError error) {
        ws.close(VIOLATED_POLICY, error.message());
    }

    @Override
    public TransportKind kind() {
        return TransportKind.WEBSOCKET;
    }

    void onText(String frame) {
        counters().countIn(EngineCounters.utf8Length(frame));
        EnginePacket packet;
        try {
            packet = EngineCodec.decodeFrame(frame);
        } catch (ProtocolException e) {
            session.close(EngineCloseReason.PARSE_ERROR);
            return;
        }
        received(packet);
    }

    /**
     * A binary message. The container enforces the text limit set in {@link #accept} but delivers whole binary
     * messages of any size up to its own input buffer, so the limit is checked here, with the same outcome: this
     * connection closes with 1009, then the session (or only the probe) ends as "message too large".
     */
    void onBinary(byte[] frame) {
        counters().countIn(frame.length);
        if (frame.length > maxPayload) {
            close(EngineCloseReason.MESSAGE_TOO_LARGE);
            lost(EngineCloseReason.MESSAGE_TOO_LARGE);
            return;
        }
        received(EngineCodec.decodeFrame(frame));
    }

    /** The connection closed with {@code code} (the peer's, or the one this side sent for a broken frame). */
    void onClosed(int code) {
        synchronized (this) {
            closed = true;
        }
        lost(code == MESSAGE_TOO_BIG ? EngineCloseReason.MESSAGE_TOO_LARGE : EngineCloseReason.TRANSPORT_CLOSE);
    }

    void onError(Throwable error) {
        boolean tooBig = error != null && error.getClass().getSimpleName().contains("TooBig");
        lost(tooBig ? EngineCloseReason.MESSAGE_TOO_LARGE : EngineCloseReason.TRANSPORT_ERROR);
    }

    @Override
    protected synchronized boolean readyNow() {
        return !inFlight && !closed;
    }

    /** Writes now, or, inside a large broadcast ({@link WriteLanes#deferring}), leaves it to this connection's lane. */
    @Override
    protected void outboxReady() {
        if (laneSlot != null && WriteLanes.deferred()) {
            laneSlot.schedule();
            return;
        }
        pump();
    }

    @Override
    public void writeQueued() {
        pump();
    }

    @Override
    protected void sendDirect(EnginePacket packet) {
        synchronized (this) {
            direct.add(packet);
        }
        pump();
    }

    @Override
    protected void pause() {
        // a WebSocket is never upgraded away from
    }

    @Override
    protected void close(EngineCloseReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ws.close(reason.webSocketCode(), reason.reason());
    }

    /**
     * Sends queued frames, one write in flight at a time. On the portable path each write is one message; with
     * {@link RawFrames} a write takes every queued frame up to {@value #BATCH_BYTES} bytes (a client that fell
     * behind catches up in one socket write). A write that completes on the calling thread continues the loop
     * here; one that completes later continues from {@link #written}, so the stack never grows with the queue.
     */
    private void pump() {
        while (true) {
            EnginePacket first;
            List<EnginePacket> batch;
            synchronized (this) {
                if (inFlight || closed) {
                    return;
                }
                first = next();
                if (first == null) {
                    return;
                }
                batch = raw == null ? null : more(first);
                inFlight = true;
                starting = true;
                writingClose = (batch == null ? first : batch.get(batch.size() - 1)).type() == EnginePacketType.CLOSE;
            }
            try {
                if (raw == null) {
                    sendPortable(first);
                } else if (batch == null) {
                    byte[] frame = WebSocketFrames.cached(first);
                    counters().countOut(WebSocketFrames.payloadLength(frame));
                    raw.write(frame, written);
                } else {
                    writeRaw(batch);
                }
            } catch (RuntimeException e) {
                written(new SendResult(e));
            }
            SendResult result;
            boolean closes;
            synchronized (this) {
                starting = false;
                result = earlyResult;
                if (result == null) {
                    return; // completes later, and written() goes on from there
                }
                earlyResult = null;
                closes = writingClose;
                inFlight = false;
            }
            finished(closes, result);
        }
    }

    /** A write's outcome: handed to the thread that started it if it is still in the call, else handled here. */
    private void written(SendResult result) {
        boolean closes;
        synchronized (this) {
            if (starting) {
                earlyResult = result;
                return;
            }
            closes = writingClose;
            inFlight = false;
        }
        finished(closes, result);
        pump();
    }

    /**
     * The packets queued after {@code first} that go in the same write, with it, or {@code null} when it goes
     * alone (the usual case below saturation: no list at all). Direct packets first. Holds this lock.
     */
    private List<EnginePacket> more(EnginePacket first) {
        EnginePacket second = next();
        if (second == null) {
            return null;
        }
        List<EnginePacket> out = new ArrayList<>(8);
        out.add(first);
        out.add(second);
        long bytes = size(first) + size(second);
        while (out.size() < BATCH_PACKETS && bytes < BATCH_BYTES) {
            EnginePacket next = next();
            if (next == null) {
                break;
            }
            out.add(next);
            bytes += size(next);
        }
        return out;
    }

    private EnginePacket next() {
        EnginePacket next = direct.poll();
        return next != null ? next : session.poll(this);
    }

    private static long size(EnginePacket p) {
        return p.isBinary() ? p.binary().length : p.text().length();
    }

    /** Writes several queued packets' frames in one write. */
    private void writeRaw(List<EnginePacket> batch) {
        List<byte[]> frames = new ArrayList<>(batch.size());
        int total = 0;
        for (EnginePacket p : batch) {
            byte[] f = WebSocketFrames.cached(p);
            counters().countOut(WebSocketFrames.payloadLength(f));
            frames.add(f);
            total += f.length;
        }
        raw.write(WebSocketFrames.concat(frames, total), written);
    }

    private void sendPortable(EnginePacket next) {
        if (next.isBinary()) {
            counters().countOut(next.binary().length);
            ws.sendBinary(ByteBuffer.wrap(next.binary()), written);
        } else {
            String text = EngineCodec.encodeFrame(next);
            counters().countOut(EngineCounters.utf8Length(text));
            ws.sendText(text, written);
        }
    }

    /** What follows a write, once it is no longer in flight: a failure loses the transport, a close ends it. */
    private void finished(boolean closes, SendResult result) {
        if (!result.isOK()) {
            WriteLanes.offLane(() -> lost(EngineCloseReason.TRANSPORT_ERROR));
        } else if (closes) {
            WriteLanes.offLane(session::closeDelivered);
        }
    }
}
