package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Await;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.utils.DelayedExecutor;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerIdleTimeout} against a real Grizzly listener whose chain has an {@link IdleTimeoutFilter}, as
 * Payara's does: a forgotten connection leaves the expirer's map (open or already closed), the others stay in it.
 */
class ContainerIdleTimeoutTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private DelayedExecutor expirer;
    private IdleTimeoutFilter idle;
    private GrizzlyListener listener;
    private FilterChain chain;
    private int port;

    @BeforeEach
    void listen() throws IOException {
        expirer = IdleTimeoutFilter.createDefaultIdleDelayedExecutor(20, TimeUnit.MILLISECONDS);
        expirer.start();
        idle = new IdleTimeoutFilter(expirer, 60, TimeUnit.SECONDS);
        listener = new GrizzlyListener(idle);
        chain = listener.chain;
        port = listener.port;
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
        expirer.destroy();
    }

    @Test
    void findsTheIdleTimeoutFilterOfAChain() {
        assertSame(idle, ContainerIdleTimeout.of(chain));
        assertNull(ContainerIdleTimeout.of(FilterChainBuilder.stateless().add(new TransportFilter()).build()));
        assertNull(ContainerIdleTimeout.of(null));
    }

    @Test
    void aForgottenConnectionLeavesTheExpirersMapAndStaysOpen() throws Exception {
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            Connection<?> forgotten = next();
            Connection<?> kept = next();
            assertTrue(watched(forgotten) && watched(kept), "the filter put both in its map on accept");

            ContainerIdleTimeout.forget(idle, forgotten);
            ContainerIdleTimeout.forget(idle, forgotten); // twice: no harm

            Await.until("the expirer to drop the forgotten connection", WAIT, () -> !watched(forgotten));
            assertTrue(watched(kept), "the other connection is still watched");
            assertTrue(forgotten.isOpen(), "forgetting does not close");
        }
    }

    @Test
    void forgettingAConnectionThatClosedThroughAnotherChainLeavesItOutOfTheMap() throws Exception {
        Connection<?> closed;
        try (Socket a = new Socket("127.0.0.1", port)) {
            closed = next();
            // what an owned connection does: its reads and its close no longer go through the container's chain
            closed.setProcessor(FilterChainBuilder.stateless().add(new TransportFilter()).build());
        }
        Await.until("the client's close to reach the server", WAIT, () -> !closed.isOpen());
        assertTrue(watched(closed), "closed through another chain, it is still in the map (until its timeout)");
        ContainerIdleTimeout.forget(idle, closed);

        Await.until("the closed connection, forgotten, to leave the map", WAIT, () -> !watched(closed));
    }

    @Test
    void forgettingWithoutAFilterDoesNothing() throws Exception {
        try (Socket a = new Socket("127.0.0.1", port)) {
            Connection<?> c = next();
            ContainerIdleTimeout.forget(null, c);
            assertTrue(watched(c));
            assertTrue(c.isOpen());
        }
    }

    /**
     * The next accepted connection, once the filter's accept has completed: until then the filter still writes the
     * connection's timeout (as the container's request does on an upgraded connection, see
     * {@link ContainerIdleTimeout#forget}).
     */
    private Connection<?> next() throws InterruptedException {
        Connection<?> c = listener.nextAccepted();
        Await.until("the accept to complete", WAIT, () -> {
            long timeout = idle.getResolver().getTimeoutMillis(c);
            return timeout != IdleTimeoutFilter.FOREVER && timeout != IdleTimeoutFilter.FOREVER_SPECIAL;
        });
        return c;
    }

    /** Whether the connection is in the expirer's map (read from the filter's private fields: test only). */
    private boolean watched(Connection<?> c) {
        try {
            Object queue = ContainerFields.declared(IdleTimeoutFilter.class, "queue").get(idle);
            Object map = ContainerFields.declared(DelayedExecutor.DelayQueue.class, "queue").get(queue);
            return ((Map<?, ?>) map).containsKey(c);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
