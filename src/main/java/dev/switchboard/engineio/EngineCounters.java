package dev.switchboard.engineio;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's totals since start: handshakes by first transport, upgrades, payload bytes in and out, requests
 * refused by {@link EngineError}, sessions closed by {@link EngineCloseReason}. Counting is a {@link LongAdder}
 * increment (no lock, no allocation); reading sums the adders. Monitoring ({@code admin}) reads these; the engine
 * knows nothing about how they are published.
 */
public final class EngineCounters {

    private final LongAdder[] handshakes = adders(TransportKind.values().length);
    private final LongAdder upgrades = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] rejected = adders(EngineError.values().length);
    private final LongAdder[] closed = adders(EngineCloseReason.values().length);

    // ---- counting (the engine and its transports) ----------------------------------------------------------

    void countHandshake(TransportKind first) {
        handshakes[first.ordinal()].increment();
    }

    void countUpgrade() {
        upgrades.increment();
    }

    void countClose(EngineCloseReason reason) {
        closed[reason.ordinal()].increment();
    }

    /** A request for a new connection, an upgrade or a polling request was refused with this error. */
    public void countRejected(EngineError error) {
        rejected[error.ordinal()].increment();
    }

    public void countIn(long bytes) {
        bytesIn.add(bytes);
    }

    public void countOut(long bytes) {
        bytesOut.add(bytes);
    }

    /** Bytes of a text frame or body in UTF-8, counted without encoding it. */
    public static long utf8Length(CharSequence text) {
        long n = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1; // a lone surrogate: Java's UTF-8 encoder writes '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    // ---- reading (monitoring) ------------------------------------------------------------------------------

    public long handshakes(TransportKind first) {
        return handshakes[first.ordinal()].sum();
    }

    public long handshakes() {
        return sum(handshakes);
    }

    public long upgrades() {
        return upgrades.sum();
    }

    /** Engine.IO payload bytes received: WebSocket frames and polling request bodies (no HTTP or framing overhead). */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Engine.IO payload bytes sent: WebSocket frames and polling response bodies. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    public long rejected(EngineError error) {
        return rejected[error.ordinal()].sum();
    }

    public Map<EngineError, Long> rejected() {
        Map<EngineError, Long> out = new EnumMap<>(EngineError.class);
        for (EngineError e : EngineError.values()) {
            out.put(e, rejected(e));
        }
        return out;
    }

    public long closed(EngineCloseReason reason) {
        return closed[reason.ordinal()].sum();
    }

    public Map<EngineCloseReason, Long> closed() {
        Map<EngineCloseReason, Long> out = new EnumMap<>(EngineCloseReason.class);
        for (EngineCloseReason r : EngineCloseReason.values()) {
            out.put(r, closed(r));
        }
        return out;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] out = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }

    private static long sum(LongAdder[] adders) {
        long total = 0;
        for (LongAdder a : adders) {
            total += a.sum();
        }
        return total;
    }
}
