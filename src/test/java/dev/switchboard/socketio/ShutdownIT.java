package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engineio.WsClient;
import dev.switchboard.testing.PayaraProcess;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server shutting down tells its clients, so they reconnect elsewhere: the Engine.IO close packet, then a
 * WebSocket close with status 1001 and the reason "server shutting down". Runs its own Payara Micro, since the test
 * stops it.
 */
class ShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shutdownClosesEveryConnectionWithServerShuttingDown() throws Exception {
        try (PayaraProcess payara = PayaraProcess.start(Map.of())) {
            URI ws = URI.create("ws://localhost:" + payara.port() + "/socket.io/?EIO=4&transport=websocket");
            try (WsClient client = WsClient.connect(ws)) {
                assertTrue(client.nextText(WAIT).startsWith("0{"));
                client.send("40");
                assertTrue(client.nextText(WAIT).startsWith("40{"));
                payara.stop();
                assertEquals("1", client.nextText(WAIT), "the close packet arrives before the close frame");
                assertEquals(new WsClient.Closed(1001, "server shutting down"), client.awaitClose(WAIT));
            }
        }
    }
}
