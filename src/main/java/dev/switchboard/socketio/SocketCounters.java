package dev.switchboard.socketio;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One namespace's totals since start: sockets connected and refused, events in and out, broadcast deliveries,
 * volatile packets dropped, disconnects by {@link DisconnectReason}. Each namespace owns one, so counting is a
 * {@link LongAdder} increment with no lookup; monitoring reads them with the namespace's name as a tag.
 */
public final class SocketCounters {

    private final LongAdder connects = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final LongAdder eventsIn = new LongAdder();
    private final LongAdder eventsOut = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder volatileDropped = new LongAdder();
    private final LongAdder[] disconnects = new LongAdder[DisconnectReason.values().length];

    SocketCounters() {
        for (int i = 0; i < disconnects.length; i++) {
            disconnects[i] = new LongAdder();
        }
    }

    void countConnect() {
        connects.increment();
    }

    void countRefusal() {
        refusals.increment();
    }

    void countEventIn() {
        eventsIn.increment();
    }

    void countEventOut() {
        eventsOut.increment();
    }

    void countDelivery() {
        deliveries.increment();
    }

    void countVolatileDrop() {
        volatileDropped.increment();
    }

    void countDisconnect(DisconnectReason reason) {
        disconnects[reason.ordinal()].increment();
    }

    /** Sockets that joined the namespace (CONNECT answered with success). */
    public long connects() {
        return connects.sum();
    }

    /** CONNECT requests answered with CONNECT_ERROR (policy, token, middleware, handler failure). */
    public long refusals() {
        return refusals.sum();
    }

    /** EVENT and BINARY_EVENT packets received from connected sockets. */
    public long eventsIn() {
        return eventsIn.sum();
    }

    /** EVENT and BINARY_EVENT packets handed to a client's connection (direct emits and broadcasts alike). */
    public long eventsOut() {
        return eventsOut.sum();
    }

    /** Broadcast packets handed to a client's connection: a broadcast reaching N sockets counts N. */
    public long deliveries() {
        return deliveries.sum();
    }

    /** Volatile packets dropped because the client's connection was not ready to send them at once. */
    public long volatileDropped() {
        return volatileDropped.sum();
    }

    public long disconnects(DisconnectReason reason) {
        return disconnects[reason.ordinal()].sum();
    }

    public Map<DisconnectReason, Long> disconnects() {
        Map<DisconnectReason, Long> out = new EnumMap<>(DisconnectReason.class);
        for (DisconnectReason r : DisconnectReason.values()) {
            out.put(r, disconnects(r));
        }
        return out;
    }
}
