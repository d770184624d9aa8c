package dev.switchboard.engineio.websocket;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.utils.DelayedExecutor;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Takes an owned connection ({@link GrizzlyWebSocket}) off the container's idle-timeout watch.
 * <p>
 * Payara's HTTP listener chain holds Grizzly's {@link IdleTimeoutFilter}: every accepted connection goes into its
 * expirer's map, and one thread ({@code http-listener-expirer}) walks the whole map every second. A connection
 * leaves the map when it closes through that chain or times out. An owned connection reads and closes through our
 * own chain, and the upgrade request left its timeout at "never": until this, each one was visited every second for
 * as long as it was open (with 10,000 idle connections, 12 of 15 Java samples of a JFR profile's idle window, though
 * too little CPU to move the bench's idle figure; it grows with the connection count). Engine.IO's heartbeat ends
 * dead connections; the container's idle timeout has nothing left to do for them. (Its record must
 * not simply be removed: a fresh one reads as expired, and the expirer closes the connection.)
 */
final class ContainerIdleTimeout {

    private ContainerIdleTimeout() {
    }

    /** The idle-timeout filter of a connection's container chain, or {@code null} if it has none. */
    static IdleTimeoutFilter of(Processor<?> processor) {
        if (!(processor instanceof FilterChain chain)) {
            return null;
        }
        int i = chain.indexOfType(IdleTimeoutFilter.class);
        return i < 0 ? null : (IdleTimeoutFilter) chain.get(i);
    }

    /**
     * Marks the connection's timeout unset: the expirer drops it from its map on its next pass. Only once the
     * container no longer reads or writes through its chain on this connection: a request of the container still
     * completing sets the timeout again (to "never" on an upgraded connection), and the connection then stays
     * watched, as it was before this existed; no harm, only the saving missed. Calling it twice does no harm.
     */
    static void forget(IdleTimeoutFilter filter, Connection<?> connection) {
        if (filter != null) {
            filter.getResolver().setTimeoutMillis(connection, DelayedExecutor.UNSET_TIMEOUT);
        }
    }
}
