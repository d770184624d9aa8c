package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard in front of owned connections on containers without Grizzly (WildFly). */
class WebSocketUpgradeFilterTest {

    @Test
    void aContainerWithoutGrizzlyKeepsEveryWebSocketOnThePortablePath() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        assertTrue(WebSocketUpgradeFilter.owned(() -> attempts.incrementAndGet() > 0), "an attempt that upgraded");
        assertFalse(WebSocketUpgradeFilter.owned(() -> {
            attempts.incrementAndGet();
            throw new NoClassDefFoundError("org/glassfish/grizzly/Connection");
        }), "a class that failed to link means: leave it to Tyrus");
        assertFalse(WebSocketUpgradeFilter.owned(() -> attempts.incrementAndGet() > 0), "and from then on, always");
        assertEquals(2, attempts.get(), "no attempt after the failure");
    }
}
