package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChain;
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

    private GrizzlyListener container;

    @BeforeEach
    void listen() throws IOException {
        container = new GrizzlyListener();
    }

    @AfterEach
    void stop() throws IOException {
        container.close();
    }

    @Test
    void theContainersFiltersSeeTheCloseOfAConnectionOnOurChain() throws Exception {
        try (Socket client = new Socket("127.0.0.1", container.port)) {
            Connection<?> connection = container.nextAccepted();
            FilterChain ours = GrizzlyWebSocket.chainFor(connection);
            assertNotNull(ours);
            assertTrue(ours.get(ours.size() - 1) instanceof OwnedReader);
            connection.setProcessor(ours);
            assertTrue(container.held.contains(connection), "held while open");

            client.close(); // the server reads the end of the stream through our chain and closes
            assertSame(connection, container.closed.poll(5, TimeUnit.SECONDS), "the container saw the close");
        }
        assertEquals(Set.of(), container.held);
    }

    @Test
    void aCloseFromThisSideReachesTheContainersFiltersToo() throws Exception {
        try (Socket client = new Socket("127.0.0.1", container.port)) {
            Connection<?> connection = container.nextAccepted();
            connection.setProcessor(GrizzlyWebSocket.chainFor(connection));

            connection.closeSilently();
            assertSame(connection, container.closed.poll(5, TimeUnit.SECONDS), "the container saw the close");
            assertEquals(Set.of(), container.held);
            assertEquals(-1, client.getInputStream().read(), "the client sees the end of the stream");
        }
    }
}
