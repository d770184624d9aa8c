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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final WriteLanes.Lane lane;
    private final AtomicBoolean laneQueued = new AtomicBoolean();
    private final ArrayDeque<EnginePacket> direct = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closed;

    private WebSocketTransport(EngineSession session, WebSocketPeer ws, EngineServer server) {
        super(session);
        this.ws = ws;
        this.maxPayload = server.config().maxPayload();
        this.raw = ws.raw();
        this.lane = server.writeLanes().assign();
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
        if (lane != null && WriteLanes.deferred()) {
            if (laneQueued.compareAndSet(false, true)) {
                lane.schedule(this);
            }
            return;
        }
        pump();
    }

    @Override
    public void writeQueued() {
        laneQueued.set(false);
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
     * here; one that completes later continues from its completion handler, so the stack never grows with the
     * queue.
     */
    private void pump() {
        while (true) {
            List<EnginePacket> batch;
            synchronized (this) {
                if (inFlight || closed) {
                    return;
                }
                batch = take(raw == null ? 1 : BATCH_PACKETS);
                if (batch.isEmpty()) {
                    return;
                }
                inFlight = true;
            }
            Completion completion = new Completion(batch.get(batch.size() - 1).type() == EnginePacketType.CLOSE);
            try {
                if (raw != null) {
                    writeRaw(batch, completion);
                } else {
                    sendPortable(batch.get(0), completion);
                }
            } catch (RuntimeException e) {
                completion.onResult(new SendResult(e));
            }
            if (!completion.returnedAfterCompletion()) {
                return;
            }
        }
    }

    /**
     * The next packets to write, direct ones first; at least one when any is queued. Holds this lock. A lone
     * packet (the usual case below saturation) costs no list of its own.
     */
    private List<EnginePacket> take(int most) {
        EnginePacket first = next();
        if (first == null) {
            return List.of();
        }
        EnginePacket second = most > 1 ? next() : null;
        if (second == null) {
            return List.of(first);
        }
        List<EnginePacket> out = new ArrayList<>(8);
        out.add(first);
        out.add(second);
        long bytes = size(first) + size(second);
        while (out.size() < most && bytes < BATCH_BYTES) {
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

    private void writeRaw(List<EnginePacket> batch, Completion completion) {
        byte[] bytes;
        if (batch.size() == 1) {
            bytes = WebSocketFrames.cached(batch.get(0));
            counters().countOut(WebSocketFrames.payloadLength(bytes));
        } else {
            List<byte[]> frames = new ArrayList<>(batch.size());
            int total = 0;
            for (EnginePacket p : batch) {
                byte[] f = WebSocketFrames.cached(p);
                counters().countOut(WebSocketFrames.payloadLength(f));
                frames.add(f);
                total += f.length;
            }
            bytes = WebSocketFrames.concat(frames, total);
        }
        raw.write(ByteBuffer.wrap(bytes), completion);
    }

    private void sendPortable(EnginePacket next, Completion completion) {
        if (next.isBinary()) {
            counters().countOut(next.binary().length);
            ws.sendBinary(ByteBuffer.wrap(next.binary()), completion);
        } else {
            String text = EngineCodec.encodeFrame(next);
            counters().countOut(EngineCounters.utf8Length(text));
            ws.sendText(text, completion);
        }
    }

    private void sent(boolean closes, SendResult result) {
        synchronized (this) {
            inFlight = false;
        }
        if (!result.isOK()) {
            WriteLanes.offLane(() -> lost(EngineCloseReason.TRANSPORT_ERROR));
        } else if (closes) {
            WriteLanes.offLane(session::closeDelivered);
        }
    }

    /**
     * Tells whether a write completed before or after the call that started it returned: the count of arrivals
     * (the completion, the return) is the object itself, one allocation per write.
     */
    @SuppressWarnings("serial") // never serialized
    private final class Completion extends AtomicInteger implements SendHandler {
        private final boolean closes;

        Completion(boolean closes) {
            this.closes = closes;
        }

        @Override
        public void onResult(SendResult result) {
            sent(closes, result);
            if (getAndIncrement() == 1) {
                pump();
            }
        }

        /** True when the send already completed: the caller's loop goes on. */
        boolean returnedAfterCompletion() {
            return getAndIncrement() == 1;
        }
    }
}
