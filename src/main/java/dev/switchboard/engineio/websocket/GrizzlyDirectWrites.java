package dev.switchboard.engineio.websocket;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.Writer;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.HeapBuffer;

/**
 * The second step of the raw-frame fast path on Payara: frames go straight into the Grizzly connection's
 * asynchronous write queue, the same queue every write of the container ends in, instead of through the servlet
 * output stream and the HTTP filter chain (a JFR profile of the fan-out put ~45 % of the writer threads' CPU in
 * that chain, for a connection that after the upgrade only passes bytes through).
 * <p>
 * Only for plain TCP connections whose filter chain holds nothing but filters known to pass upgraded bytes through
 * unchanged ({@link #PASS_THROUGH}): an SSL filter, or any filter not in the list, keeps the connection on
 * {@link TyrusRawFrames}. The connection is found by field name along Tyrus's servlet writer → its upgrade
 * handler's web connection → Catalina's output buffer → Grizzly's output buffer, and checked; any mismatch turns
 * this step off for good (one log line). Writes stay in order with the container's own: Switchboard keeps one write
 * in flight per connection, and both paths end in the same queue.
 */
final class GrizzlyDirectWrites implements RawFrames {

    private static final Logger LOG = Logger.getLogger(GrizzlyDirectWrites.class.getName());
    /**
     * Filters that leave an upgraded WebSocket connection's outgoing bytes as they are: the transport, the HTTP
     * codec (after the 101 response it writes content as is, no chunking), HTTP/2 (Tyrus upgrades HTTP/1.1
     * connections only; HTTP/2 streams never reach it), Grizzly's own WebSocket filter (connections Tyrus owns pass
     * through it), the static-file cache and the HTTP server filter (Payara's http-listener on plain TCP, as
     * logged by {@link #refusal}). The idle-timeout filter does not see these writes; it does not close upgraded
     * connections either (checked by hand: a client that only received for 50 s, with a 60 s ping interval, stayed
     * connected). TLS is not in the list: an SSL filter keeps the servlet path.
     */
    static final Set<String> PASS_THROUGH = Set.of(
            "org.glassfish.grizzly.filterchain.TransportFilter",
            "org.glassfish.grizzly.utils.IdleTimeoutFilter",
            "org.glassfish.grizzly.http.HttpServerFilter",
            "org.glassfish.grizzly.http.server.HttpServerFilter",
            "org.glassfish.grizzly.http.server.FileCacheFilter",
            "com.sun.enterprise.v3.services.impl.GlassfishNetworkListener$GlassfishHttpCodecFilter",
            "org.glassfish.grizzly.http2.Http2ServerFilter",
            "org.glassfish.grizzly.extras.addons.WebSocketAddOnProvider$GlassfishWebSocketFilter");
    private static volatile boolean unavailable;
    private static volatile String firstRefusal;

    private final Connection<Object> connection;
    private final Writer<Object> queue;
    /** The buffer and completion of this connection's writes while one at a time is in flight (the usual case). */
    private final ReusedWrite reused = new ReusedWrite();

    private GrizzlyDirectWrites(Connection<Object> connection, Writer<Object> queue) {
        this.connection = connection;
        this.queue = queue;
    }

    /** Writes into {@code connection}'s write queue; the caller has checked it ({@link #refusal}). */
    static GrizzlyDirectWrites on(Connection<?> connection) {
        if (!(connection.getTransport() instanceof AsyncQueueEnabledTransport transport)) {
            throw new IllegalArgumentException("not a Grizzly connection with an async write queue: " + connection);
        }
        @SuppressWarnings("unchecked")
        Writer<Object> writer = (Writer<Object>) (Writer<?>) transport.getAsyncQueueIO().getWriter();
        @SuppressWarnings("unchecked")
        Connection<Object> typed = (Connection<Object>) connection;
        return new GrizzlyDirectWrites(typed, writer);
    }

    /**
     * The direct writer behind a Tyrus servlet writer that has written at least once (its output stream is set),
     * or {@code null} when this connection or container does not qualify.
     */
    static RawFrames behind(Object tyrusWriter) {
        if (unavailable) {
            return null;
        }
        try {
            Object out = ContainerFields.inherited(tyrusWriter.getClass(), "servletOutputStream").get(tyrusWriter);
            if (out == null) {
                return null;
            }
            Object catalina = ContainerFields.inherited(out.getClass(), "ob").get(out);
            Object grizzly = ContainerFields.inherited(catalina.getClass(), "grizzlyOutputBuffer").get(catalina);
            Object c = ContainerFields.inherited(grizzly.getClass(), "connection").get(grizzly);
            if (!(c instanceof Connection<?> connection)
                    || !(connection.getTransport() instanceof AsyncQueueEnabledTransport transport)) {
                throw new ClassCastException("not a Grizzly connection with an async write queue: " + c);
            }
            String refused = refusal(connection);
            if (refused != null) {
                if (firstRefusal == null) {
                    firstRefusal = refused;
                    LOG.log(Level.INFO, "WebSocket frames go through the servlet writer: {0}", refused);
                }
                return null;
            }
            @SuppressWarnings("unchecked")
            Writer<Object> writer = (Writer<Object>) (Writer<?>) transport.getAsyncQueueIO().getWriter();
            @SuppressWarnings("unchecked")
            Connection<Object> typed = (Connection<Object>) connection;
            RawFrames.Check.countDirect();
            return new GrizzlyDirectWrites(typed, writer);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(Level.INFO, "Grizzly direct writes not available, frames go through the servlet writer: {0}",
                    e.toString());
            return null;
        }
    }

    /** Why a connection's filter chain may change outgoing bytes, or {@code null} when it passes them through. */
    static String refusal(Connection<?> connection) {
        Processor<?> processor = connection.getProcessor();
        if (processor == null) {
            processor = connection.getTransport().getProcessor();
        }
        if (!(processor instanceof FilterChain chain)) {
            return "the connection's processor is not a filter chain: " + processor;
        }
        List<String> unknown = new ArrayList<>();
        for (Filter f : chain) {
            String name = f.getClass().getName();
            if (!PASS_THROUGH.contains(name) && !name.startsWith("org.glassfish.grizzly.nio.transport.TCPNIO")) {
                unknown.add(name);
            }
        }
        return unknown.isEmpty() ? null : "filters that may change outgoing bytes: " + unknown;
    }

    /**
     * Queues {@code frames}. The transport keeps one write in flight per connection, so its writes reuse one buffer
     * and one completion (a broadcast at 50 msg/s to 500 clients per node made ~80 B of garbage per delivery with
     * fresh ones, a young collection every ~2 s); a write that overlaps another (a pong or a close frame from the
     * reading thread) gets fresh ones.
     */
    @Override
    public void write(byte[] frames, SendHandler done) {
        if (reused.claim(frames, done)) {
            try {
                queue.write(connection, reused.buffer, reused);
            } catch (RuntimeException e) {
                reused.failed(e);
            }
            return;
        }
        WritableMessage message = Buffers.wrap(connection.getMemoryManager(), frames);
        Completion completion = new Completion(done);
        try {
            queue.write(connection, message, completion);
        } catch (RuntimeException e) {
            completion.failed(e);
        }
    }

    /**
     * One write at a time with a reused buffer and completion: free, busy with a write, or retired after a write
     * failed or was cancelled (Grizzly may report such a write twice, and a late report must not reach the next
     * write; a retired one is never used again, so later writes take fresh objects). Grizzly is done with the
     * buffer once it reports completion: it then only releases it, which a {@link FrameBuffer} ignores.
     */
    static final class ReusedWrite implements CompletionHandler<WriteResult<WritableMessage, Object>> {
        private static final int FREE = 0;
        private static final int BUSY = 1;
        private static final int RETIRED = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(ReusedWrite.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final FrameBuffer buffer = new FrameBuffer();
        @SuppressWarnings("unused") // through STATE
        private volatile int state;
        private SendHandler done;

        /** Takes this for a write of {@code frames}, or returns false when another write has it (or it retired). */
        boolean claim(byte[] frames, SendHandler handler) {
            if (!STATE.compareAndSet(this, FREE, BUSY)) {
                return false;
            }
            buffer.reset(frames);
            done = handler;
            return true;
        }

        @Override
        public void completed(WriteResult<WritableMessage, Object> written) {
            // read and cleared before the release: once free, the next claim sets its own (Grizzly reports a write
            // that went through once)
            SendHandler handler = done;
            done = null;
            if (STATE.compareAndSet(this, BUSY, FREE)) {
                handler.onResult(OneResult.OK);
            }
        }

        @Override
        public void failed(Throwable error) {
            retire(new SendResult(error));
        }

        @Override
        public void cancelled() {
            retire(new SendResult(new CancellationException("write cancelled")));
        }

        @Override
        public void updated(WriteResult<WritableMessage, Object> written) {
            // partial progress: the queue goes on writing
        }

        private void retire(SendResult result) {
            SendHandler handler = done;
            if (STATE.compareAndSet(this, BUSY, RETIRED)) {
                done = null;
                handler.onResult(result);
            }
        }

        /** True while a write has it (for tests). */
        boolean busy() {
            return (int) STATE.getVolatile(this) == BUSY;
        }
    }

    /** A heap buffer pointed at each write's bytes in turn; never disposed (the arrays belong to the caller). */
    static final class FrameBuffer extends HeapBuffer {

        void reset(byte[] frames) {
            heap = frames;
            offset = 0;
            pos = 0;
            cap = frames.length;
            lim = frames.length;
            mark = -1;
            byteBuffer = null; // it wrapped the previous array
        }

        @Override
        public boolean release() {
            return false; // HeapBuffer's would dispose it only if allowBufferDispose were set, which it never is
        }
    }

    /** Grizzly's completion callbacks turned into one {@link jakarta.websocket.SendResult}. */
    private static final class Completion extends OneResult
            implements CompletionHandler<WriteResult<WritableMessage, Object>> {

        Completion(SendHandler done) {
            super(done);
        }

        @Override
        public void completed(WriteResult<WritableMessage, Object> written) {
            ok();
        }

        @Override
        public void failed(Throwable error) {
            failedWith(error);
        }

        @Override
        public void cancelled() {
            wasCancelled();
        }

        @Override
        public void updated(WriteResult<WritableMessage, Object> written) {
            // partial progress: the queue goes on writing
        }
    }
}
