package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineConfig;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container-specific fast path, behind a check: writing encoded WebSocket frames (see {@link WebSocketFrames})
 * straight to the connection. A broadcast's frame is then encoded once rather than per recipient, and several
 * queued frames of one client leave in one socket write. Only Tyrus (Payara, GlassFish) has it
 * ({@link TyrusRawFrames}); {@link #of} returns {@code null} anywhere else, or when the session negotiated an
 * extension, or when {@code switchboard.engine.tyrus-raw-frames} is {@code false}, and the transport sends through
 * the portable {@code RemoteEndpoint.Async} one message at a time.
 */
public interface RawFrames {

    /**
     * Writes whole frames (the array is not changed, and may be written to other connections too); {@code done}
     * runs once, on this thread if the bytes left at once, or later on a container thread. One write at a time
     * per connection (the transport keeps one in flight).
     */
    void write(byte[] frames, SendHandler done);

    /** The fast path for this session, or {@code null} for the portable one. */
    static RawFrames of(Session ws, EngineConfig.FastPaths allowed) {
        return Check.of(ws, allowed);
    }

    /** How many sessions got the fast path since the application started (for monitoring and tests). */
    static long installed() {
        return Check.INSTALLED.get();
    }

    /** How many of those write straight into Grizzly's write queue ({@link GrizzlyDirectWrites}). */
    static long direct() {
        return Check.DIRECT_INSTALLED.get();
    }

    /** Finds out once whether the fast path works here; a failure turns it off for good, with one log line. */
    final class Check {
        private static final Logger LOG = Logger.getLogger(RawFrames.class.getName());
        private static final AtomicLong INSTALLED = new AtomicLong();
        private static final AtomicLong DIRECT_INSTALLED = new AtomicLong();
        private static volatile boolean unavailable;

        private Check() {
        }

        static RawFrames of(Session ws, EngineConfig.FastPaths allowed) {
            if (!allowed.tyrusRawFrames() || unavailable
                    || !ContainerFields.TYRUS_SESSION.equals(ws.getClass().getName())
                    || !ws.getNegotiatedExtensions().isEmpty()) {
                return null;
            }
            try {
                RawFrames raw = TyrusRawFrames.of(ws, allowed.grizzlyDirectWrites());
                if (raw != null) {
                    INSTALLED.incrementAndGet();
                }
                return raw;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                unavailable = true;
                LOG.log(Level.INFO, "Tyrus raw frames not available, sending through the portable API: {0}",
                        e.toString());
                return null;
            }
        }

        static void countDirect() {
            DIRECT_INSTALLED.incrementAndGet();
        }
    }
}
