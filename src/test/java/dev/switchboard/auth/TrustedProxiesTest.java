package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The trusted-proxy rule for the address a request counts as, and IP literal parsing (never DNS). */
class TrustedProxiesTest {

    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.1", "10.0.0.2", "::1"));

    static Stream<Arguments> rule() {
        return Stream.of(
                Arguments.of("peer not trusted: X-Forwarded-For is ignored", "203.0.113.9", List.of("198.51.100.1"),
                        "203.0.113.9"),
                Arguments.of("peer not trusted, no header", "203.0.113.9", List.of(), "203.0.113.9"),
                Arguments.of("trusted peer: the entry it appended", "10.0.0.1", List.of("198.51.100.1"),
                        "198.51.100.1"),
                Arguments.of("trusted peer: right-most entry wins over what the client wrote", "10.0.0.1",
                        List.of("1.1.1.1, 2.2.2.2, 198.51.100.1"), "198.51.100.1"),
                Arguments.of("trusted proxies in the chain are skipped", "10.0.0.1",
                        List.of("1.1.1.1, 198.51.100.1, 10.0.0.2"), "198.51.100.1"),
                Arguments.of("several header fields count as one list, in order", "10.0.0.1",
                        List.of("1.1.1.1", "198.51.100.1", "10.0.0.2"), "198.51.100.1"),
                Arguments.of("trusted peer without a header: the peer", "10.0.0.1", List.of(), "10.0.0.1"),
                Arguments.of("only trusted proxies in the header: the peer", "10.0.0.1", List.of("10.0.0.2"),
                        "10.0.0.1"),
                Arguments.of("garbage where the client's address should be: the peer", "10.0.0.1",
                        List.of("198.51.100.1, not-an-ip"), "10.0.0.1"),
                Arguments.of("a host name is not an address: the peer", "10.0.0.1", List.of("evil.example"),
                        "10.0.0.1"),
                Arguments.of("empty entries are skipped", "10.0.0.1", List.of("198.51.100.1, ,"), "198.51.100.1"),
                Arguments.of("IPv6 peer in short form matches its trusted entry", "0:0:0:0:0:0:0:1",
                        List.of("2001:db8::7"), "2001:db8:0:0:0:0:0:7"),
                Arguments.of("IPv6 entries in brackets", "::1", List.of("[2001:db8::7]"), "2001:db8:0:0:0:0:0:7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rule")
    void clientAddressFollowsTheRule(String why, String peer, List<String> forwardedFor, String expected) {
        assertEquals(expected, PROXIES.clientAddress(peer, forwardedFor), why);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsNeverRead() {
        TrustedProxies none = TrustedProxies.none();
        assertEquals("127.0.0.1", none.clientAddress("127.0.0.1", List.of("198.51.100.1")));
        assertTrue(none.addresses().isEmpty());
    }

    @Test
    void theSameAddressWrittenDifferentlyIsOneAddress() {
        TrustedProxies proxies = TrustedProxies.of(List.of("[0:0:0:0:0:0:0:1]"));
        assertEquals("198.51.100.1", proxies.clientAddress("::1", List.of("198.51.100.1")));
        assertEquals("198.51.100.1", PROXIES.clientAddress("10.0.0.1", List.of(" 198.51.100.1 ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "proxy.example", "10.0.0.0/8", "256.1.1.1", "1.2.3", "10.0.0.1:8080",
            "fe80::1%eth0", "", "abc", "1.2.3.4.5", ":::::::::"})
    void hostNamesRangesPortsAndGarbageAreNotAddresses(String text) {
        assertNull(IpAddresses.normalize(text), text);
        if (!text.isEmpty()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrustedProxies.of(List.of(text)));
            assertTrue(e.getMessage().contains("'" + text + "' is not an IP address"), e.getMessage());
        }
    }

    @Test
    void literalsAreNormalized() {
        assertEquals("127.0.0.1", IpAddresses.normalize(" 127.0.0.1 "));
        assertEquals("0:0:0:0:0:0:0:1", IpAddresses.normalize("::1"));
        assertEquals("0:0:0:0:0:0:0:1", IpAddresses.normalize("[::1]"));
        assertEquals("2001:db8:0:0:0:0:0:1", IpAddresses.normalize("2001:DB8::1"));
        assertEquals("192.0.2.1", IpAddresses.normalize("::ffff:192.0.2.1"), "IPv4-mapped is the IPv4 address");
    }
}
