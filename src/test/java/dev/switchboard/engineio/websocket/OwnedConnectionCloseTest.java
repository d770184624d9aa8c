package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An owned connection's close reaches the container's filters, against a real Grizzly listener: its chain has a
 * filter that, like Payara's HTTP/2 filter, keeps every accepted connection until its close handler runs. Before
 * this, owned connections closed through our chain only, and that filter kept each of them (and all of its state)
 * for good.
 */
class OwnedConnectionCloseTest {

    private final BlockingQueue<Connection<?>> accepted = new LinkedBlockingQueue<>();
    /** What the container's filter holds: accepted and not yet seen closed. */
    private final Set<Connection<?>> held = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Connection<?>> closedInContainer = new LinkedBlockingQueue<>();
    private FilterChain container;
    private TCPNIOTransport transport;
    private int port;

    @BeforeEach
    void listen() throws IOException {
        container = FilterChainBuilder.stateless().add(new TransportFilter()).add(new BaseFilter() {
            @Override
            public NextAction handleAccept(FilterChainContext ctx) {
                held.add(ctx.getConnection());
                accepted.add(ctx.getConnection());
                return ctx.getInvokeAction();
            }

            @Override
            public NextAction handleClose(FilterChainContext ctx) {
                held.remove(ctx.getConnection());
                closedInContainer.add(ctx.getConnection());
                return ctx.getInvokeAction();
            }
        }).build();
        transport = TCPNIOTransportBuilder.newInstance().build();
        transport.setProcessor(container);
        TCPNIOServerConnection server = transport.bind("127.0.0.1", 0);
        transport.start();
        port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @AfterEach
    void stop() throws IOException {
        transport.shutdownNow();
    }

    @Test
    void theContainersFiltersSeeTheCloseOfAConnectionOnOurChain() throws Exception {
        try (Socket client = new Socket("127.0.0.1", port)) {
            Connection<?> connection = accepted.poll(5, TimeUnit.SECONDS);
            assertNotNull(connection, "accepted");
            FilterChain ours = GrizzlyWebSocket.chainFor(connection);
            assertNotNull(ours);
            assertTrue(ours.get(ours.size() - 1) instanceof OwnedReader);
            connection.setProcessor(ours);
            assertTrue(held.contains(connection), "held while open");

            client.close(); // the server reads the end of the stream through our chain and closes
            assertSame(connection, closedInContainer.poll(5, TimeUnit.SECONDS), "the container saw the close");
        }
        assertEquals(Set.of(), held);
    }

    @Test
    void aCloseFromThisSideReachesTheContainersFiltersToo() throws Exception {
        try (Socket client = new Socket("127.0.0.1", port)) {
            Connection<?> connection = accepted.poll(5, TimeUnit.SECONDS);
            assertNotNull(connection, "accepted");
            connection.setProcessor(GrizzlyWebSocket.chainFor(connection));

            connection.closeSilently();
            assertSame(connection, closedInContainer.poll(5, TimeUnit.SECONDS), "the container saw the close");
            assertEquals(Set.of(), held);
            assertEquals(-1, client.getInputStream().read(), "the client sees the end of the stream");
        }
    }
}
