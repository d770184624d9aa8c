package dev.switchboard.engineio.websocket;

import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * The last filter of an owned connection's chain ({@link GrizzlyWebSocket}): bytes go to the connection's socket (a
 * connection it does not know is closed); the close goes on to the container's filters too. They saw the connection
 * accepted, and some keep it until they see it closed: Payara's HTTP/2 filter holds every accepted connection in a
 * set it empties in its own close handler, so without this every owned connection stayed in memory after it closed
 * (all of its state, ~5 KB).
 */
final class OwnedReader extends BaseFilter {

    private static final Logger LOG = Logger.getLogger(OwnedReader.class.getName());

    /** The container chain's filters after its transport filter (which our chain shares). */
    private final List<Filter> container;

    OwnedReader(List<Filter> container) {
        this.container = container;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        Buffer in = ctx.getMessage();
        GrizzlyWebSocket socket = GrizzlyWebSocket.OWNER.get(ctx.getConnection());
        if (socket == null) {
            in.tryDispose();
            ctx.getConnection().closeSilently();
        } else {
            socket.read(in);
        }
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) {
        for (Filter filter : container) {
            try {
                filter.handleClose(ctx);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "a container filter failed on the close of an owned connection", e);
            }
        }
        return ctx.getInvokeAction();
    }
}
