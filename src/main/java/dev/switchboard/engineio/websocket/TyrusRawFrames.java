package dev.switchboard.engineio.websocket;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * {@link RawFrames} on Tyrus 2: the bytes go to the connection's {@code org.glassfish.tyrus.spi.Writer} (public
 * SPI), as Tyrus's own {@code sendRawFrame} does, but with a completion callback instead of a future. The writer
 * is found by field name along session → async remote → web socket → protocol handler, and checked; any mismatch
 * throws, and {@link RawFrames} turns the fast path off. Loaded only after the session's class was found to be
 * Tyrus's.
 * <p>
 * The protocol handler's send lock is not taken: it guards Tyrus's fragmented sends, which Switchboard never
 * makes, and the servlet writer writes each buffer whole under its own monitor. Taking it could deadlock: a
 * completion runs under the writer's monitor and starts the next write from there.
 */
final class TyrusRawFrames implements RawFrames {

    private static volatile Path path;

    private final Writer writer;
    /** Where frames go once the servlet writer has written once and the connection qualifies; see below. */
    private volatile RawFrames direct;
    private volatile boolean directTried;

    private TyrusRawFrames(Writer writer, boolean directAllowed) {
        this.writer = writer;
        this.directTried = !directAllowed;
    }

    /** The fields from a Tyrus session to its protocol handler's writer. */
    private record Path(Field webSocket, Field protocolHandler, Field writer, Field hasExtensions) {
    }

    /** @param directAllowed whether frames may move on to {@link GrizzlyDirectWrites} after the first write */
    static RawFrames of(Session ws, boolean directAllowed) throws ReflectiveOperationException {
        Object remote = ws.getAsyncRemote();
        Path p = path;
        if (p == null) {
            Field webSocket = ContainerFields.declared(remote.getClass().getSuperclass(), "webSocket");
            Field handler = ContainerFields.declared(webSocket.getType(), "protocolHandler");
            Field writer = ContainerFields.declared(handler.getType(), "writer", Writer.class);
            Field extensions = ContainerFields.declared(handler.getType(), "hasExtensions", boolean.class);
            p = new Path(webSocket, handler, writer, extensions);
            path = p;
        }
        Object handler = p.protocolHandler.get(p.webSocket.get(remote));
        Writer writer = (Writer) p.writer.get(handler);
        if (writer == null || p.hasExtensions.getBoolean(handler)) {
            return null;
        }
        return new TyrusRawFrames(writer, directAllowed);
    }

    /**
     * Writes through Tyrus's servlet writer until it has written once (it opens the servlet output stream on its
     * first write), then, where the connection qualifies, straight into Grizzly's write queue
     * ({@link GrizzlyDirectWrites}). The transport keeps one write in flight, so the switch cannot reorder frames.
     */
    @Override
    public void write(byte[] frames, SendHandler done) {
        RawFrames d = direct;
        if (d != null) {
            d.write(frames, done);
            return;
        }
        Completion completion = new Completion(done);
        try {
            writer.write(ByteBuffer.wrap(frames), completion);
        } catch (RuntimeException e) {
            completion.failed(e);
        }
        if (!directTried) {
            directTried = true;
            direct = GrizzlyDirectWrites.behind(writer);
        }
    }

    /** Tyrus's completion callbacks turned into one {@link jakarta.websocket.SendResult}. */
    private static final class Completion extends CompletionHandler<ByteBuffer> {
        private final OneResult result;

        Completion(SendHandler done) {
            this.result = new OneResult(done);
        }

        @Override
        public void completed(ByteBuffer written) {
            result.ok();
        }

        @Override
        public void failed(Throwable error) {
            result.failedWith(error);
        }

        @Override
        public void cancelled() {
            result.wasCancelled();
        }
    }
}
