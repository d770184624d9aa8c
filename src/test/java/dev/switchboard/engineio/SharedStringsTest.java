package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Handshakes share the strings every client repeats, and keep the ones that are each client's own. */
class SharedStringsTest {

    /** A fresh copy of the text, as the container makes for every request. */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    private static Handshake handshake(String key) {
        return new Handshake(
                Map.of(fresh("upgrade"), List.of(fresh("websocket")),
                        fresh("sec-websocket-key"), List.of(key),
                        fresh("accept"), List.of(fresh("a"), fresh("b"))),
                Map.of(fresh("EIO"), fresh("4"), fresh("transport"), fresh("websocket"), fresh("t"), key),
                "127.0.0.1", "/socket.io/?EIO=4", Instant.now());
    }

    private static String keyOf(Map<String, ?> map, String name) {
        return map.keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }

    @Test
    void twoHandshakesShareNamesAndCommonValuesButNotTheClientsOwn() {
        Handshake one = handshake(fresh("key-one"));
        Handshake two = handshake(fresh("key-two"));

        assertSame(keyOf(one.headers(), "upgrade"), keyOf(two.headers(), "upgrade"));
        assertSame(keyOf(one.headers(), "sec-websocket-key"), keyOf(two.headers(), "sec-websocket-key"));
        assertSame(one.headers().get("upgrade"), two.headers().get("upgrade"));
        assertSame(keyOf(one.query(), "transport"), keyOf(two.query(), "transport"));
        assertSame(one.query().get("transport"), two.query().get("transport"));
        assertSame(one.query().get("EIO"), two.query().get("EIO"));

        assertEquals(List.of("key-one"), one.headers().get("sec-websocket-key"));
        assertEquals(List.of("key-two"), two.headers().get("sec-websocket-key"));
        assertEquals(List.of("a", "b"), one.headers().get("accept"), "several values are kept as they came");
        assertNotSame(one.query().get("t"), two.query().get("t"));
        assertEquals("key-two", two.query().get("t"));
        assertEquals("websocket", one.header("Upgrade"));
    }

    @Test
    void madeUpNamesFillATableOnceAndAreThenKeptAsTheyCame() {
        SharedStrings tables = new SharedStrings(8);
        for (int i = 0; i < 20; i++) {
            tables.headers(Map.of("x-made-up-" + i, List.of("v")));
        }
        assertEquals(8, tables.size());

        String late = fresh("x-made-up-late");
        Map<String, List<String>> h = tables.headers(Map.of(late, List.of("v")));
        assertSame(late, keyOf(h, "x-made-up-late"), "kept as it came");
        assertEquals(8, tables.size());
        String early = fresh("x-made-up-0");
        assertNotSame(early, keyOf(tables.headers(Map.of(early, List.of("v"))), "x-made-up-0"), "still shared");
    }

    @Test
    void longStringsAreNotKept() {
        SharedStrings tables = new SharedStrings(8);
        String longName = "x-" + "a".repeat(SharedStrings.MAX_LENGTH);
        tables.headers(Map.of(longName, List.of("v")));
        assertEquals(0, tables.size());
    }
}
