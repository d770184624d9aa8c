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
import dev.switchboard.protocol.EngineCodec;
import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.EnginePacketType;
import dev.switchboard.protocol.ProtocolException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket transport of one session. One frame is in flight at a time (containers break on concurrent sends
 * to one session); the next is taken from the session's outbox when the previous completes. Lock order: this
 * transport, then the session.
 */
final class WebSocketTransport extends Transport {

    private final Session ws;
    private final int maxPayload;
    private final ArrayDeque<EnginePacket> direct = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closed;

    private WebSocketTransport(EngineSession session, Session ws, int maxPayload) {
        super(session);
        this.ws = ws;
        this.maxPayload = maxPayload;
    }

    /**
     * Takes a new WebSocket connection: a fresh session without {@code sid}, an upgrade probe with one.
     * Returns {@code null} after closing the connection when it is refused (1013 when the node is full).
     */
    static WebSocketTransport accept(EngineServer server, Session ws, Handshake handshake) {
        IdleTimerShortcut.install(ws);
        ws.setMaxTextMessageBufferSize(server.config().maxPayload());
        ws.setMaxBinaryMessageBufferSize(server.config().maxPayload());
        String sid = handshake.query().get("sid");
        if (sid == null || sid.isEmpty()) {
            WebSocketTransport[] created = new WebSocketTransport[1];
            try {
                server.open(handshake, s -> created[0] = new WebSocketTransport(s, ws, server.config().maxPayload()));
            } catch (EngineException e) {
                // the node filled up between the upgrade filter's check and now: no session was created
                server.counters().countRejected(e.error());
                close(ws, CloseReason.CloseCodes.TRY_AGAIN_LATER, e.error());
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
        WebSocketTransport probe = new WebSocketTransport(session, ws, server.config().maxPayload());
        EngineError refused = session.attachProbe(probe);
        if (refused != null) {
            server.counters().countRejected(refused);
            refuse(ws, refused);
            return null;
        }
        return probe;
    }

    static void refuse(Session ws, EngineError error) {
        close(ws, CloseReason.CloseCodes.VIOLATED_POLICY, error);
    }

    private static void close(Session ws, CloseReason.CloseCode code, EngineError error) {
        try {
            ws.close(new CloseReason(code, error.message()));
        } catch (IOException e) {
            // already gone
        }
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

    void onClosed(CloseReason reason) {
        synchronized (this) {
            closed = true;
        }
        boolean tooBig = reason != null && reason.getCloseCode().getCode() == 1009;
        lost(tooBig ? EngineCloseReason.MESSAGE_TOO_LARGE : EngineCloseReason.TRANSPORT_CLOSE);
    }

    void onError(Throwable error) {
        boolean tooBig = error != null && error.getClass().getSimpleName().contains("TooBig");
        lost(tooBig ? EngineCloseReason.MESSAGE_TOO_LARGE : EngineCloseReason.TRANSPORT_ERROR);
    }

    @Override
    protected synchronized boolean readyNow() {
        return !inFlight && !closed;
    }

    @Override
    protected void outboxReady() {
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
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(reason.webSocketCode()), reason.reason()));
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    /**
     * Sends queued frames one at a time. A send that completes on the calling thread continues the loop here;
     * one that completes later continues from its completion handler, so the stack never grows with the queue.
     */
    private void pump() {
        while (true) {
            EnginePacket next;
            synchronized (this) {
                if (inFlight || closed) {
                    return;
                }
                next = direct.poll();
                if (next == null) {
                    next = session.poll(this);
                }
                if (next == null) {
                    return;
                }
                inFlight = true;
            }
            Completion completion = new Completion(next);
            try {
                if (next.isBinary()) {
                    counters().countOut(next.binary().length);
                    ws.getAsyncRemote().sendBinary(ByteBuffer.wrap(next.binary()), completion);
                } else {
                    String text = EngineCodec.encodeFrame(next);
                    counters().countOut(EngineCounters.utf8Length(text));
                    ws.getAsyncRemote().sendText(text, completion);
                }
            } catch (RuntimeException e) {
                completion.onResult(new SendResult(e));
            }
            if (!completion.returnedAfterCompletion()) {
                return;
            }
        }
    }

    private void sent(EnginePacket packet, SendResult result) {
        synchronized (this) {
            inFlight = false;
        }
        if (!result.isOK()) {
            lost(EngineCloseReason.TRANSPORT_ERROR);
        } else if (packet.type() == EnginePacketType.CLOSE) {
            session.closeDelivered();
        }
    }

    /** Tells whether a send completed before or after {@code sendText} returned. */
    private final class Completion implements SendHandler {
        private final EnginePacket packet;
        private final AtomicInteger arrivals = new AtomicInteger();

        Completion(EnginePacket packet) {
            this.packet = packet;
        }

        @Override
        public void onResult(SendResult result) {
            sent(packet, result);
            if (arrivals.getAndIncrement() == 1) {
                pump();
            }
        }

        /** True when the send already completed: the caller's loop goes on. */
        boolean returnedAfterCompletion() {
            return arrivals.getAndIncrement() == 1;
        }
    }
}
