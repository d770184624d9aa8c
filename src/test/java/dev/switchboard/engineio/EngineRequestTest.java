package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EngineRequestTest {

    private static final String ALLOWED = "http://allowed.example";
    private static final String HOST = "switchboard.example:8080";
    private static final String SAME_ORIGIN = "http://switchboard.example:8080";

    private static final EngineConfig BOTH = config(EnumSet.allOf(TransportKind.class));
    private static final EngineConfig POLLING_ONLY = config(EnumSet.of(TransportKind.POLLING));
    private static final EngineConfig WEBSOCKET_ONLY = config(EnumSet.of(TransportKind.WEBSOCKET));

    private static EngineConfig config(Set<TransportKind> transports) {
        return new EngineConfig("/socket.io/", 25000, 20000, 10000, 1_000_000, transports, Set.of(ALLOWED), 1024, 0,
                EngineConfig.FastPaths.NONE);
    }

    private static EngineRequest check(String eio, String transport, String sid, String origin, boolean upgrade,
                                       EngineConfig config) {
        return EngineRequest.check(eio, transport, sid, origin, HOST, upgrade, config,
                new OriginPolicy(config.allowedOrigins()));
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                // description, EIO, transport, origin, upgrade, config, expected error

                // EIO
                Arguments.of("missing EIO", null, "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("empty EIO", "", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("non-numeric EIO", "abc", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("overlong numeric EIO", "44444", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("negative EIO", "-4", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("EIO with trailing letter", "4a", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("EIO with whitespace", " 4", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("decimal EIO", "4.0", "polling", null, false, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("EIO 3", "3", "polling", null, false, BOTH,
                        EngineError.UNSUPPORTED_PROTOCOL_VERSION),
                Arguments.of("EIO 5", "5", "websocket", null, true, BOTH,
                        EngineError.UNSUPPORTED_PROTOCOL_VERSION),
                Arguments.of("EIO 999", "999", "polling", null, false, BOTH,
                        EngineError.UNSUPPORTED_PROTOCOL_VERSION),

                // transport
                Arguments.of("missing transport", "4", null, null, false, BOTH, EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("empty transport", "4", "", null, false, BOTH, EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("unknown transport", "4", "flashsocket", null, false, BOTH,
                        EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("transport name in upper case", "4", "POLLING", null, false, BOTH,
                        EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("disabled websocket", "4", "websocket", null, true, POLLING_ONLY,
                        EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("disabled polling", "4", "polling", null, false, WEBSOCKET_ONLY,
                        EngineError.UNKNOWN_TRANSPORT),

                // upgrade must match the transport
                Arguments.of("websocket transport without upgrade", "4", "websocket", null, false, BOTH,
                        EngineError.BAD_REQUEST),
                Arguments.of("polling transport with upgrade", "4", "polling", null, true, BOTH,
                        EngineError.BAD_REQUEST),

                // origin
                Arguments.of("refused origin on polling", "4", "polling", "http://evil.example", false, BOTH,
                        EngineError.FORBIDDEN),
                Arguments.of("refused origin on websocket", "4", "websocket", "http://evil.example", true, BOTH,
                        EngineError.FORBIDDEN),
                Arguments.of("literal null origin", "4", "polling", "null", false, BOTH, EngineError.FORBIDDEN),

                // order of the checks: the first failing one wins
                Arguments.of("bad EIO wins over unknown transport", "abc", "flashsocket", "http://evil.example",
                        true, BOTH, EngineError.BAD_REQUEST),
                Arguments.of("unsupported version wins over unknown transport", "3", "flashsocket",
                        "http://evil.example", false, BOTH, EngineError.UNSUPPORTED_PROTOCOL_VERSION),
                Arguments.of("unknown transport wins over upgrade mismatch", "4", "flashsocket", null, true, BOTH,
                        EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("disabled transport wins over upgrade mismatch", "4", "websocket", null, false,
                        POLLING_ONLY, EngineError.UNKNOWN_TRANSPORT),
                Arguments.of("upgrade mismatch wins over refused origin", "4", "polling", "http://evil.example",
                        true, BOTH, EngineError.BAD_REQUEST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void invalidRequestIsRefusedWithItsEngineError(String description, String eio, String transport, String origin,
                                                   boolean upgrade, EngineConfig config, EngineError expected) {
        EngineException e =
                assertThrows(EngineException.class, () -> check(eio, transport, "sid1", origin, upgrade, config));

        assertEquals(expected, e.error());
        assertEquals(expected.message(), e.getMessage());
    }

    static Stream<Arguments> acceptedRequests() {
        return Stream.of(
                // description, transport, sid, origin, upgrade, config, expected transport, expected sid
                Arguments.of("polling handshake", "polling", null, null, false, BOTH, TransportKind.POLLING, null),
                Arguments.of("polling with sid", "polling", "abc123", null, false, BOTH,
                        TransportKind.POLLING, "abc123"),
                Arguments.of("empty sid is a handshake", "polling", "", null, false, BOTH,
                        TransportKind.POLLING, null),
                Arguments.of("websocket handshake", "websocket", null, null, true, BOTH,
                        TransportKind.WEBSOCKET, null),
                Arguments.of("websocket upgrade of a session", "websocket", "abc123", null, true, BOTH,
                        TransportKind.WEBSOCKET, "abc123"),
                Arguments.of("websocket only config", "websocket", "", null, true, WEBSOCKET_ONLY,
                        TransportKind.WEBSOCKET, null),
                Arguments.of("polling only config", "polling", "s", null, false, POLLING_ONLY,
                        TransportKind.POLLING, "s"),
                Arguments.of("listed origin", "polling", "abc123", ALLOWED, false, BOTH,
                        TransportKind.POLLING, "abc123"),
                Arguments.of("listed origin on websocket", "websocket", null, ALLOWED, true, BOTH,
                        TransportKind.WEBSOCKET, null),
                Arguments.of("same origin", "polling", null, SAME_ORIGIN, false, BOTH, TransportKind.POLLING, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedRequests")
    void validRequestReturnsTransportAndSid(String description, String transport, String sid, String origin,
                                            boolean upgrade, EngineConfig config, TransportKind expectedTransport,
                                            String expectedSid) {
        EngineRequest request = check("4", transport, sid, origin, upgrade, config);

        assertEquals(new EngineRequest(expectedTransport, expectedSid), request);
    }

    @Test
    void emptySidBecomesNull() {
        EngineRequest request = check("4", "polling", "", null, false, BOTH);

        assertNull(request.sid());
    }

    /** The error catalogue every transport answers with. */
    @Nested
    class EngineErrorTest {

        @ParameterizedTest
        @EnumSource(EngineError.class)
        void toJsonIsExactlyCodeAndMessage(EngineError error) {
            assertEquals("{\"code\":" + error.code() + ",\"message\":\"" + error.message() + "\"}", error.toJson());
        }

        @Test
        void toJsonOfForbiddenIsTheWellKnownBody() {
            assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", EngineError.FORBIDDEN.toJson());
        }

        @ParameterizedTest
        @EnumSource(EngineError.class)
        void onlyForbiddenPayloadTooLargeAndTheConnectionLimitsAreNot400(EngineError error) {
            int expected = switch (error) {
                case FORBIDDEN -> 403;
                case PAYLOAD_TOO_LARGE -> 413;
                case TOO_MANY_CONNECTIONS -> 503;
                case TOO_MANY_REQUESTS -> 429;
                default -> 400;
            };

            assertEquals(expected, error.httpStatus());
        }

        @Test
        void codesAndMessagesAreTheOnesEngineIoClientsKnow() {
            assertEquals(0, EngineError.UNKNOWN_TRANSPORT.code());
            assertEquals("Transport unknown", EngineError.UNKNOWN_TRANSPORT.message());
            assertEquals(1, EngineError.UNKNOWN_SID.code());
            assertEquals("Session ID unknown", EngineError.UNKNOWN_SID.message());
            assertEquals(2, EngineError.BAD_HANDSHAKE_METHOD.code());
            assertEquals("Bad handshake method", EngineError.BAD_HANDSHAKE_METHOD.message());
            assertEquals(3, EngineError.BAD_REQUEST.code());
            assertEquals("Bad request", EngineError.BAD_REQUEST.message());
            assertEquals(4, EngineError.FORBIDDEN.code());
            assertEquals("Forbidden", EngineError.FORBIDDEN.message());
            assertEquals(5, EngineError.UNSUPPORTED_PROTOCOL_VERSION.code());
            assertEquals("Unsupported protocol version", EngineError.UNSUPPORTED_PROTOCOL_VERSION.message());
        }

        @ParameterizedTest
        @EnumSource(EngineError.class)
        void engineExceptionCarriesItsErrorAndMessage(EngineError error) {
            EngineException e = new EngineException(error);

            assertEquals(error, e.error());
            assertEquals(error.message(), e.getMessage());
        }
    }
}
