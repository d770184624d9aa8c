package dev.switchboard.engineio.polling;

import dev.switchboard.engineio.EngineCloseReason;
import dev.switchboard.engineio.EngineCounters;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineHttp;
import dev.switchboard.engineio.EngineSession;
import dev.switchboard.engineio.Transport;
import dev.switchboard.engineio.TransportKind;
import dev.switchboard.protocol.EngineCodec;
import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.EnginePacketType;
import dev.switchboard.protocol.ProtocolException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The long-polling transport of one session. At most one GET is held open (a second one is an overlap: the
 * session closes) and at most one POST is processed at a time. Lock order: this transport, then the session.
 */
final class PollingTransport extends Transport {

    private final int maxPayload;
    private final long holdMillis;

    private AsyncContext pendingGet;
    private boolean postInProgress;
    private boolean closed;

    PollingTransport(EngineSession session, int maxPayload, long holdMillis) {
        super(session);
        this.maxPayload = maxPayload;
        this.holdMillis = holdMillis;
    }

    @Override
    public TransportKind kind() {
        return TransportKind.POLLING;
    }

    @Override
    protected synchronized boolean readyNow() {
        return pendingGet != null;
    }

    @Override
    public synchronized boolean isHoldingRequest() {
        return pendingGet != null;
    }

    void handleGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<EnginePacket> ready;
        synchronized (this) {
            if (closed) {
                EngineHttp.writeError(resp, EngineError.BAD_REQUEST);
                return;
            }
            if (pendingGet != null) {
                ready = null;
            } else {
                ready = session.drain(this);
                if (ready.isEmpty() && session.closing()) {
                    ready = List.of(EnginePacket.CLOSE);
                } else if (ready.isEmpty() && session.upgrading()) {
                    ready = List.of(EnginePacket.NOOP);
                } else if (ready.isEmpty()) {
                    AsyncContext ctx = req.startAsync();
                    ctx.setTimeout(holdMillis);
                    ctx.addListener(new HeldGetListener());
                    pendingGet = ctx;
                    return;
                }
            }
        }
        if (ready == null) {
            EngineHttp.writeError(resp, EngineError.BAD_REQUEST);
            session.close(EngineCloseReason.TRANSPORT_ERROR);
            return;
        }
        writePayload(resp, ready);
    }

    void handlePost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        synchronized (this) {
            if (closed) {
                EngineHttp.writeError(resp, EngineError.BAD_REQUEST);
                return;
            }
            if (postInProgress) {
                EngineHttp.writeError(resp, EngineError.BAD_REQUEST);
                session.close(EngineCloseReason.TRANSPORT_ERROR);
                return;
            }
            postInProgress = true;
        }
        try {
            String body = readBody(req);
            if (body != null) {
                counters().countIn(EngineCounters.utf8Length(body));
            }
            if (body == null) {
                EngineHttp.writeError(resp, EngineError.PAYLOAD_TOO_LARGE);
                session.close(EngineCloseReason.MESSAGE_TOO_LARGE);
                return;
            }
            List<EnginePacket> packets;
            try {
                packets = EngineCodec.decodePayload(body, maxPayload);
            } catch (ProtocolException e) {
                EngineHttp.writeError(resp, EngineError.BAD_REQUEST);
                session.close(EngineCloseReason.PARSE_ERROR);
                return;
            }
            for (EnginePacket packet : packets) {
                received(packet);
            }
            byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
            resp.setContentType("text/html");
            resp.setCharacterEncoding("UTF-8");
            resp.setContentLength(ok.length);
            resp.getOutputStream().write(ok);
        } finally {
            synchronized (this) {
                postInProgress = false;
            }
        }
    }

    /** Reads at most maxPayload bytes; {@code null} when the body is larger (the rest is never read). */
    private String readBody(HttpServletRequest req) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > maxPayload) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buf = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buf)) != -1) {
                if (out.size() + n > maxPayload) {
                    return null;
                }
                out.write(buf, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    protected void outboxReady() {
        AsyncContext ctx;
        List<EnginePacket> ready;
        synchronized (this) {
            if (pendingGet == null) {
                return;
            }
            ready = session.drain(this);
            if (ready.isEmpty()) {
                return;
            }
            ctx = pendingGet;
            pendingGet = null;
        }
        answer(ctx, ready);
    }

    @Override
    protected void sendDirect(EnginePacket packet) {
        throw new UnsupportedOperationException("polling is never an upgrade probe");
    }

    @Override
    protected void pause() {
        AsyncContext ctx;
        List<EnginePacket> ready;
        synchronized (this) {
            if (pendingGet == null) {
                return;
            }
            ctx = pendingGet;
            pendingGet = null;
            ready = session.drain(this);
        }
        answer(ctx, ready.isEmpty() ? List.of(EnginePacket.NOOP) : ready);
    }

    @Override
    protected void close(EngineCloseReason reason) {
        AsyncContext ctx;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ctx = pendingGet;
            pendingGet = null;
        }
        if (ctx != null) {
            answer(ctx, List.of(session.upgraded() ? EnginePacket.NOOP : EnginePacket.CLOSE));
        }
    }

    /** Answers a held GET on a container thread, so the caller (maybe an application thread) never blocks on I/O. */
    private void answer(AsyncContext ctx, List<EnginePacket> packets) {
        try {
            ctx.start(() -> {
                try {
                    writePayload((HttpServletResponse) ctx.getResponse(), packets);
                } catch (IOException | RuntimeException e) {
                    // the client went away; the heartbeat will notice
                } finally {
                    complete(ctx);
                }
            });
        } catch (IllegalStateException e) {
            // the request already completed (client gone or timed out)
        }
    }

    private void writePayload(HttpServletResponse resp, List<EnginePacket> packets) throws IOException {
        byte[] body = EngineCodec.encodePayload(packets).getBytes(StandardCharsets.UTF_8);
        counters().countOut(body.length);
        resp.setStatus(200);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        if (packets.get(packets.size() - 1).type() == EnginePacketType.CLOSE) {
            session.closeDelivered();
        }
    }

    private static void complete(AsyncContext ctx) {
        try {
            ctx.complete();
        } catch (IllegalStateException e) {
            // already completed by the container
        }
    }

    /** Clears the held GET when the container times it out or the client disconnects. */
    private final class HeldGetListener implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) {
            AsyncContext ctx = event.getAsyncContext();
            boolean mine;
            synchronized (PollingTransport.this) {
                mine = pendingGet == ctx;
                if (mine) {
                    pendingGet = null;
                }
            }
            if (mine) {
                try {
                    writePayload((HttpServletResponse) ctx.getResponse(), List.of(EnginePacket.NOOP));
                } catch (IOException e) {
                    // client gone
                }
            }
            complete(ctx);
        }

        @Override
        public void onError(AsyncEvent event) {
            forget(event.getAsyncContext());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            forget(event.getAsyncContext());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void forget(AsyncContext ctx) {
            synchronized (PollingTransport.this) {
                if (pendingGet == ctx) {
                    pendingGet = null;
                }
            }
        }
    }
}
