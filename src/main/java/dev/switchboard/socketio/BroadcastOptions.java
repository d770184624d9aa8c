package dev.switchboard.socketio;

import java.time.Duration;
import java.util.Set;

/**
 * Which sockets a broadcast or a bulk operation selects, and how: Socket.IO's broadcast options.
 *
 * @param rooms      sockets in any of these rooms; every socket of the namespace when empty
 * @param except     minus the sockets in any of these rooms (socket ids work: each socket has its own room)
 * @param local      this node only
 * @param isVolatile drop the packet for clients that cannot take it at once
 * @param timeout    how long acknowledgements are awaited, or {@code null}
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean local, boolean isVolatile,
                               Duration timeout) {

    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    /** The same selection on this node only (what a node does with a broadcast another node sent it). */
    public BroadcastOptions asLocal() {
        return new BroadcastOptions(rooms, except, true, isVolatile, timeout);
    }
}
