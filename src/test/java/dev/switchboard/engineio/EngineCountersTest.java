package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineCountersTest {

    @Test
    void utf8LengthMatchesTheEncodedLengthWithoutEncoding() {
        for (String text : List.of("", "4hello", "é", "€uro", "😀", "a😀b€é", "\uD800 lone high surrogate",
                "lone low \uDC00", "x".repeat(10_000))) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, EngineCounters.utf8Length(text), text);
        }
    }

    @Test
    void countsEachKeyApartAndSumsTotals() {
        EngineCounters c = new EngineCounters();
        c.countHandshake(TransportKind.POLLING);
        c.countHandshake(TransportKind.POLLING);
        c.countHandshake(TransportKind.WEBSOCKET);
        c.countUpgrade();
        c.countRejected(EngineError.FORBIDDEN);
        c.countRejected(EngineError.TOO_MANY_REQUESTS);
        c.countRejected(EngineError.TOO_MANY_REQUESTS);
        c.countClose(EngineCloseReason.SLOW_CONSUMER);
        c.countIn(10);
        c.countOut(7);
        c.countOut(3);

        assertEquals(2, c.handshakes(TransportKind.POLLING));
        assertEquals(1, c.handshakes(TransportKind.WEBSOCKET));
        assertEquals(3, c.handshakes());
        assertEquals(1, c.upgrades());
        assertEquals(1, c.rejected(EngineError.FORBIDDEN));
        assertEquals(2, c.rejected().get(EngineError.TOO_MANY_REQUESTS));
        assertEquals(0, c.rejected(EngineError.TOO_MANY_CONNECTIONS));
        assertEquals(EngineError.values().length, c.rejected().size(), "every cause is listed, zero or not");
        assertEquals(1, c.closed(EngineCloseReason.SLOW_CONSUMER));
        assertEquals(0, c.closed().get(EngineCloseReason.PING_TIMEOUT));
        assertEquals(10, c.bytesIn());
        assertEquals(10, c.bytesOut());
    }
}
