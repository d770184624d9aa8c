package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OriginPolicyTest {

    private static final Set<String> NONE = Set.of();
    private static final Set<String> LISTED = Set.of("https://App.Example.com/", "http://localhost:3000");
    private static final Set<String> ANY = Set.of("*");

    static Stream<Arguments> cases() {
        return Stream.of(
                // description, allowed origins, Origin header, Host header, allows(), isCrossOriginAllowed()

                // no Origin header: non-browser client
                Arguments.of("no origin, nothing listed", NONE, null, "example.com", true, false),
                Arguments.of("no origin, no host", NONE, null, null, true, false),
                Arguments.of("no origin, origins listed", LISTED, null, "example.com", true, false),

                // same origin
                Arguments.of("same origin, explicit port on both", NONE,
                        "http://example.com:8080", "example.com:8080", true, false),
                Arguments.of("same origin, http default port, host without port", NONE,
                        "http://example.com", "example.com", true, false),
                Arguments.of("same origin, http default port, host with :80", NONE,
                        "http://example.com", "example.com:80", true, false),
                Arguments.of("same origin, origin with explicit :80, host without port", NONE,
                        "http://example.com:80", "example.com", true, false),
                Arguments.of("same origin, https default port, host without port", NONE,
                        "https://example.com", "example.com", true, false),
                Arguments.of("same origin, https default port, host with :443", NONE,
                        "https://example.com", "example.com:443", true, false),
                Arguments.of("same origin, origin with explicit :443, host without port", NONE,
                        "https://example.com:443", "example.com", true, false),
                Arguments.of("same origin, different letter case", NONE,
                        "HTTP://Example.COM:8080", "EXAMPLE.com:8080", true, false),
                Arguments.of("same origin, IPv6 literal with port", NONE,
                        "http://[::1]:8080", "[::1]:8080", true, false),
                Arguments.of("same origin, IPv6 literal with default port", NONE,
                        "http://[::1]", "[::1]", true, false),
                Arguments.of("same origin and listed", Set.of("http://example.com:8080"),
                        "http://example.com:8080", "example.com:8080", true, true),

                // same host, different port
                Arguments.of("different explicit port", NONE,
                        "http://example.com:8081", "example.com:8080", false, false),
                Arguments.of("origin on default port, host on explicit port", NONE,
                        "http://example.com", "example.com:8080", false, false),
                Arguments.of("https origin on default port, host on :80", NONE,
                        "https://example.com", "example.com:80", false, false),
                Arguments.of("http origin on default port, host on :443", NONE,
                        "http://example.com", "example.com:443", false, false),
                Arguments.of("different host, same port", NONE,
                        "http://evil.example", "example.com", false, false),
                Arguments.of("origin host is a suffix of the Host header", NONE,
                        "http://ample.com", "example.com", false, false),
                Arguments.of("IPv6 literal, different port", NONE,
                        "http://[::1]:8081", "[::1]:8080", false, false),
                Arguments.of("origin present but no Host header", NONE,
                        "http://example.com", null, false, false),

                // listed origins
                Arguments.of("listed origin, exact", LISTED,
                        "http://localhost:3000", "example.com", true, true),
                Arguments.of("listed origin, config has upper case and trailing slash", LISTED,
                        "https://app.example.com", "example.com", true, true),
                Arguments.of("listed origin, header in upper case", LISTED,
                        "HTTPS://APP.EXAMPLE.COM", "example.com", true, true),
                Arguments.of("listed origin, listed and no Host header", LISTED,
                        "http://localhost:3000", null, true, true),
                Arguments.of("not listed: other port", LISTED,
                        "http://localhost:3001", "example.com", false, false),
                Arguments.of("not listed: other scheme", LISTED,
                        "http://app.example.com", "example.com", false, false),
                Arguments.of("not listed: subdomain of a listed origin", LISTED,
                        "https://evil.app.example.com", "example.com", false, false),
                Arguments.of("not listed: listed origin as prefix", LISTED,
                        "https://app.example.com.evil.example", "example.com", false, false),

                // wildcard
                Arguments.of("wildcard allows any origin", ANY,
                        "https://anything.example:1234", "example.com", true, true),
                Arguments.of("wildcard among other entries allows any origin", Set.of("http://a.example", "*"),
                        "https://b.example", "example.com", true, true),
                Arguments.of("wildcard with no origin: allowed but not cross-origin", ANY,
                        null, "example.com", true, false),

                // refused
                Arguments.of("literal null origin refused", NONE, "null", "example.com", false, false),
                Arguments.of("literal null origin refused even with origins listed", LISTED,
                        "null", "example.com", false, false),
                Arguments.of("literal null origin refused when Host is 'null'", NONE, "null", "null", false, false),
                Arguments.of("garbage origin refused", NONE, "not a url", "example.com", false, false),
                Arguments.of("garbage origin with colons refused", NONE, "::::", "example.com", false, false),
                Arguments.of("origin without scheme refused", NONE, "example.com", "example.com", false, false),
                Arguments.of("empty origin refused", NONE, "", "example.com", false, false),
                Arguments.of("garbage origin refused with origins listed", LISTED,
                        "http://[bad", "example.com", false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void originPolicyDecidesAsTabulated(String description, Set<String> allowedOrigins, String origin, String host,
                                        boolean expectedAllows, boolean expectedCrossOrigin) {
        OriginPolicy policy = new OriginPolicy(allowedOrigins);

        assertAll(
                () -> assertEquals(expectedAllows, policy.allows(origin, host), "allows(" + origin + ", " + host + ")"),
                () -> assertEquals(expectedCrossOrigin, policy.isCrossOriginAllowed(origin),
                        "isCrossOriginAllowed(" + origin + ")"));
    }

    /**
     * A Host header without a port means the scheme's default port, so an Origin on another port of the same host
     * is a different origin.
     */
    @ParameterizedTest(name = "Origin {0}, Host {1}")
    @CsvSource({
        "http://example.com:8080,  example.com",
        "http://example.com:3000,  example.com",
        "https://example.com:8443, example.com",
    })
    void originOnNonDefaultPortIsRefusedWhenHostHeaderHasNoPort(String origin, String host) {
        OriginPolicy policy = new OriginPolicy(NONE);

        assertFalse(policy.allows(origin, host));
    }

    @Test
    void listedOriginWithSurroundingWhitespaceInConfigIsTolerated() {
        OriginPolicy policy = new OriginPolicy(Set.of("  https://app.example.com/  "));

        assertTrue(policy.allows("https://app.example.com", "other.example"));
        assertTrue(policy.isCrossOriginAllowed("https://app.example.com"));
    }

    @Test
    void nullOriginIsNeverCrossOriginAllowedEvenWithWildcard() {
        OriginPolicy policy = new OriginPolicy(ANY);

        assertFalse(policy.isCrossOriginAllowed(null));
    }
}
