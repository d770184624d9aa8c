package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;

/**
 * A real Grizzly TCP listener on a free port, standing in for a container's: its chain is Grizzly's transport
 * filter, the given filters, and a last one that records what it sees, as a container filter that keeps
 * connections would (Payara's HTTP/2 filter holds each accepted one until its close handler runs).
 */
final class GrizzlyListener implements AutoCloseable {

    /** Connections in the order they were accepted. */
    final BlockingQueue<Connection<?>> accepted = new LinkedBlockingQueue<>();
    /** Connections whose close reached this chain's last filter. */
    final BlockingQueue<Connection<?>> closed = new LinkedBlockingQueue<>();
    /** Accepted and not yet seen closed. */
    final Set<Connection<?>> held = ConcurrentHashMap.newKeySet();
    final FilterChain chain;
    final int port;
    private final TCPNIOTransport transport;

    GrizzlyListener(Filter... filters) throws IOException {
        FilterChainBuilder builder = FilterChainBuilder.stateless().add(new TransportFilter());
        for (Filter f : filters) {
            builder.add(f);
        }
        chain = builder.add(new BaseFilter() {
            @Override
            public NextAction handleAccept(FilterChainContext ctx) {
                held.add(ctx.getConnection());
                accepted.add(ctx.getConnection());
                return ctx.getInvokeAction();
            }

            @Override
            public NextAction handleClose(FilterChainContext ctx) {
                held.remove(ctx.getConnection());
                closed.add(ctx.getConnection());
                return ctx.getInvokeAction();
            }
        }).build();
        transport = TCPNIOTransportBuilder.newInstance().build();
        transport.setProcessor(chain);
        TCPNIOServerConnection server = transport.bind("127.0.0.1", 0);
        transport.start();
        port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** The next accepted connection; fails after 5 s. */
    Connection<?> nextAccepted() throws InterruptedException {
        Connection<?> c = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(c, "the listener accepted the connection");
        return c;
    }

    @Override
    public void close() throws IOException {
        transport.shutdownNow();
    }
}
