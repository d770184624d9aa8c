package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EngineCodecTest {

    private static final String RS = String.valueOf(EngineCodec.RECORD_SEPARATOR);
    private static final int NO_LIMIT = 1_000;

    private static final String UNICODE_TEXT = "héllo wörld ✓ 日本語 🎉👍🏽";
    private static final String MULTI_LINE_TEXT = "first line\nsecond line\r\n\tthird line with \"quotes\" and \\\n";

    // ---- WebSocket frames: round trips -------------------------------------------------------------------------

    static Stream<EnginePacket> textPackets() {
        return Stream.of(
                EnginePacket.of(EnginePacketType.OPEN,
                        "{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000}"),
                EnginePacket.CLOSE,
                EnginePacket.PING,
                EnginePacket.of(EnginePacketType.PING, "probe"),
                EnginePacket.PONG,
                EnginePacket.of(EnginePacketType.PONG, "probe"),
                EnginePacket.message("hello"),
                EnginePacket.message(""),
                EnginePacket.message(UNICODE_TEXT),
                EnginePacket.message(MULTI_LINE_TEXT),
                EnginePacket.message("4starts with a type digit"),
                EnginePacket.message("b not base64, just text starting with b"),
                EnginePacket.UPGRADE,
                EnginePacket.NOOP);
    }

    @ParameterizedTest
    @MethodSource("textPackets")
    void textPacketSurvivesWebSocketFrameRoundTrip(EnginePacket packet) throws ProtocolException {
        String frame = EngineCodec.encodeFrame(packet);

        assertEquals(packet.type().code(), frame.charAt(0), "frame starts with the type code");
        assertEquals(packet, EngineCodec.decodeFrame(frame));
    }

    @ParameterizedTest
    @EnumSource(EnginePacketType.class)
    void everyPacketTypeWithEmptyDataSurvivesWebSocketFrameRoundTrip(EnginePacketType type)
            throws ProtocolException {
        EnginePacket packet = EnginePacket.of(type, "");

        String frame = EngineCodec.encodeFrame(packet);

        assertEquals(String.valueOf(type.code()), frame);
        EnginePacket decoded = EngineCodec.decodeFrame(frame);
        assertEquals(type, decoded.type());
        assertEquals("", decoded.text());
        assertFalse(decoded.isBinary());
    }

    @ParameterizedTest
    @EnumSource(EnginePacketType.class)
    void everyPacketTypeWithDataSurvivesWebSocketFrameRoundTrip(EnginePacketType type) throws ProtocolException {
        EnginePacket packet = EnginePacket.of(type, UNICODE_TEXT);

        assertEquals(packet, EngineCodec.decodeFrame(EngineCodec.encodeFrame(packet)));
    }

    @Test
    void binaryMessageSurvivesWebSocketBinaryFrameRoundTrip() {
        byte[] bytes = {0, 1, 2, (byte) 0x1e, (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        EnginePacket packet = EnginePacket.message(bytes.clone());

        EnginePacket decoded = EngineCodec.decodeFrame(packet.binary());

        assertEquals(packet, decoded);
        assertArrayEquals(bytes, decoded.binary());
    }

    @Test
    void binaryWebSocketFrameDecodesToBinaryMessageWithTheWholeFrameAsData() {
        byte[] frame = "4not a type byte".getBytes(StandardCharsets.US_ASCII);

        EnginePacket packet = EngineCodec.decodeFrame(frame);

        assertEquals(EnginePacketType.MESSAGE, packet.type());
        assertTrue(packet.isBinary());
        assertNull(packet.text());
        assertArrayEquals(frame, packet.binary(), "a binary frame has no type byte: every byte is data");
    }

    @Test
    void emptyBinaryWebSocketFrameDecodesToEmptyBinaryMessage() {
        EnginePacket packet = EngineCodec.decodeFrame(new byte[0]);

        assertEquals(EnginePacketType.MESSAGE, packet.type());
        assertTrue(packet.isBinary());
        assertEquals(0, packet.binary().length);
    }

    @Test
    void binaryPacketCannotBeEncodedAsTextFrame() {
        EnginePacket packet = EnginePacket.message(new byte[] {1, 2, 3});

        assertThrows(IllegalArgumentException.class, () -> EngineCodec.encodeFrame(packet));
    }

    // ---- WebSocket frames: exact wire strings ------------------------------------------------------------------

    @Test
    void messageFrameIsTypeDigitFollowedByText() throws ProtocolException {
        assertEquals("4hello", EngineCodec.encodeFrame(EnginePacket.message("hello")));
        assertEquals(EnginePacket.message("hello"), EngineCodec.decodeFrame("4hello"));
    }

    @Test
    void probePingFrameIsTwoProbe() throws ProtocolException {
        assertEquals("2probe", EngineCodec.encodeFrame(EnginePacket.of(EnginePacketType.PING, "probe")));
        assertEquals(EnginePacket.of(EnginePacketType.PING, "probe"), EngineCodec.decodeFrame("2probe"));
    }

    @Test
    void constantPacketsEncodeToTheirBareTypeDigit() {
        assertEquals("1", EngineCodec.encodeFrame(EnginePacket.CLOSE));
        assertEquals("2", EngineCodec.encodeFrame(EnginePacket.PING));
        assertEquals("3", EngineCodec.encodeFrame(EnginePacket.PONG));
        assertEquals("5", EngineCodec.encodeFrame(EnginePacket.UPGRADE));
        assertEquals("6", EngineCodec.encodeFrame(EnginePacket.NOOP));
    }

    @Test
    void unicodeTextIsWrittenVerbatimAfterTheTypeDigit() {
        assertEquals("4" + UNICODE_TEXT, EngineCodec.encodeFrame(EnginePacket.message(UNICODE_TEXT)));
    }

    // ---- polling payloads: round trips -------------------------------------------------------------------------

    @Test
    void mixedTextAndBinaryPacketsSurvivePollingPayloadRoundTrip() throws ProtocolException {
        List<EnginePacket> packets = List.of(
                EnginePacket.of(EnginePacketType.OPEN, "{\"sid\":\"abc\"}"),
                EnginePacket.message("hello"),
                EnginePacket.message(new byte[] {1, 2, 3}),
                EnginePacket.message(""),
                EnginePacket.PING,
                EnginePacket.message(UNICODE_TEXT),
                EnginePacket.message(new byte[] {(byte) 0xff, 0, (byte) 0x1e, (byte) 0xfe}),
                EnginePacket.message(MULTI_LINE_TEXT),
                EnginePacket.PONG,
                EnginePacket.of(EnginePacketType.PONG, "probe"),
                EnginePacket.message(new byte[0]),
                EnginePacket.UPGRADE,
                EnginePacket.NOOP,
                EnginePacket.CLOSE);

        String payload = EngineCodec.encodePayload(packets);

        assertEquals(packets.size() - 1, payload.chars().filter(c -> c == EngineCodec.RECORD_SEPARATOR).count(),
                "one separator between each pair of packets");
        assertEquals(packets, EngineCodec.decodePayload(payload, packets.size()));
    }

    @ParameterizedTest
    @MethodSource("textPackets")
    void singleTextPacketSurvivesPollingPayloadRoundTrip(EnginePacket packet) throws ProtocolException {
        String payload = EngineCodec.encodePayload(List.of(packet));

        assertEquals(EngineCodec.encodeFrame(packet), payload, "a one-packet payload is the packet's frame");
        assertEquals(List.of(packet), EngineCodec.decodePayload(payload, 1));
    }

    @ParameterizedTest
    @EnumSource(EnginePacketType.class)
    void everyPacketTypeSurvivesPollingPayloadRoundTripNextToOthers(EnginePacketType type)
            throws ProtocolException {
        List<EnginePacket> packets = List.of(
                EnginePacket.of(type, ""),
                EnginePacket.of(type, "data"),
                EnginePacket.message(new byte[] {42}),
                EnginePacket.of(type, ""));

        assertEquals(packets, EngineCodec.decodePayload(EngineCodec.encodePayload(packets), NO_LIMIT));
    }

    @Test
    void binaryMessageIsWrittenInPayloadAsBFollowedByBase64() throws ProtocolException {
        EnginePacket packet = EnginePacket.message("Hello!".getBytes(StandardCharsets.US_ASCII));

        String payload = EngineCodec.encodePayload(List.of(packet));

        assertEquals("bSGVsbG8h", payload);
        List<EnginePacket> decoded = EngineCodec.decodePayload(payload, 1);
        assertTrue(decoded.get(0).isBinary());
        assertArrayEquals("Hello!".getBytes(StandardCharsets.US_ASCII), decoded.get(0).binary());
    }

    @Test
    void base64WithLineBreaksFromTheJavaClientIsAccepted() throws ProtocolException {
        List<EnginePacket> decoded = EngineCodec.decodePayload("bAQID\n" + EngineCodec.RECORD_SEPARATOR + "bSGVs\r\nbG8h", 2);

        assertArrayEquals(new byte[] {1, 2, 3}, decoded.get(0).binary());
        assertArrayEquals("Hello!".getBytes(StandardCharsets.US_ASCII), decoded.get(1).binary());
    }

    @Test
    void allByteValuesSurvivePollingPayloadRoundTrip() throws ProtocolException {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }

        List<EnginePacket> decoded =
                EngineCodec.decodePayload(EngineCodec.encodePayload(List.of(EnginePacket.message(bytes))), 1);

        assertArrayEquals(bytes, decoded.get(0).binary());
    }

    @Test
    void emptyBinaryMessageIsWrittenAsBareBAndDecodesBack() throws ProtocolException {
        String payload = EngineCodec.encodePayload(List.of(EnginePacket.message(new byte[0])));

        assertEquals("b", payload);
        List<EnginePacket> decoded = EngineCodec.decodePayload(payload, 1);
        assertTrue(decoded.get(0).isBinary());
        assertEquals(0, decoded.get(0).binary().length);
    }

    @Test
    void emptyPacketListEncodesToEmptyPayload() {
        assertEquals("", EngineCodec.encodePayload(Collections.emptyList()));
    }

    // ---- polling payloads: exact wire strings ------------------------------------------------------------------

    @Test
    void payloadJoinsMessageBinaryAndPingWithRecordSeparator() throws ProtocolException {
        List<EnginePacket> packets =
                List.of(EnginePacket.message("a"), EnginePacket.message(new byte[] {1, 2, 3}), EnginePacket.PING);
        String wire = "4a\u001ebAQID\u001e2";

        assertEquals(wire, EngineCodec.encodePayload(packets));
        assertEquals(packets, EngineCodec.decodePayload(wire, 3));
    }

    @Test
    void textMessagesIncludingEmptyOneAreJoinedWithRecordSeparator() throws ProtocolException {
        String wire = "4hello\u001e4€\u001e4";
        List<EnginePacket> packets =
                List.of(EnginePacket.message("hello"), EnginePacket.message("€"), EnginePacket.message(""));

        assertEquals(wire, EngineCodec.encodePayload(packets));
        assertEquals(packets, EngineCodec.decodePayload(wire, 3));
    }

    @Test
    void payloadWithExactlyMaxPacketsIsAccepted() throws ProtocolException {
        String wire = String.join(RS, "2", "3", "6");

        assertEquals(List.of(EnginePacket.PING, EnginePacket.PONG, EnginePacket.NOOP),
                EngineCodec.decodePayload(wire, 3));
    }

    // ---- invalid input ---------------------------------------------------------------------------------------

    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                Arguments.of("empty frame", "", ProtocolError.EMPTY_PACKET),
                Arguments.of("null frame", null, ProtocolError.EMPTY_PACKET),
                Arguments.of("type digit 9", "9x", ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("type digit 7, one past NOOP", "7", ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("letter instead of digit", "x", ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("character below '0'", "/hello", ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("binary marker is not a frame type", "bAQID", ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("record separator as type", RS + "4a", ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("emoji as type", "🎉", ProtocolError.UNKNOWN_PACKET_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void invalidWebSocketFrameIsRejectedWithItsProtocolError(String description, String frame,
                                                             ProtocolError expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> EngineCodec.decodeFrame(frame));

        assertEquals(expected, e.error());
        assertTrue(e.getMessage().startsWith(expected.description()), e.getMessage());
    }

    static Stream<Arguments> invalidPayloads() {
        return Stream.of(
                Arguments.of("empty payload", "", NO_LIMIT, ProtocolError.EMPTY_PACKET),
                Arguments.of("null payload", null, NO_LIMIT, ProtocolError.EMPTY_PACKET),
                Arguments.of("empty packet between separators", "4a" + RS + RS + "2", NO_LIMIT,
                        ProtocolError.EMPTY_PACKET),
                Arguments.of("trailing separator", "4a" + RS, NO_LIMIT, ProtocolError.EMPTY_PACKET),
                Arguments.of("leading separator", RS + "4a", NO_LIMIT, ProtocolError.EMPTY_PACKET),
                Arguments.of("separator only", RS, NO_LIMIT, ProtocolError.EMPTY_PACKET),
                Arguments.of("unknown type 9", "9x", NO_LIMIT, ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("unknown type letter", "x", NO_LIMIT, ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("unknown type after a good packet", "4a" + RS + "x", NO_LIMIT,
                        ProtocolError.UNKNOWN_PACKET_TYPE),
                Arguments.of("invalid base64", "b!!!", NO_LIMIT, ProtocolError.INVALID_BASE64),
                Arguments.of("invalid base64 after a good packet", "2" + RS + "b!!!", NO_LIMIT,
                        ProtocolError.INVALID_BASE64),
                Arguments.of("single base64 character", "bA", NO_LIMIT, ProtocolError.INVALID_BASE64),
                Arguments.of("too many packets", String.join(RS, "2", "2", "2", "2"), 3,
                        ProtocolError.TOO_MANY_PACKETS),
                Arguments.of("two packets with limit one", "4a" + RS + "4b", 1, ProtocolError.TOO_MANY_PACKETS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPayloads")
    void invalidPollingPayloadIsRejectedWithItsProtocolError(String description, String payload, int maxPackets,
                                                             ProtocolError expected) {
        ProtocolException e =
                assertThrows(ProtocolException.class, () -> EngineCodec.decodePayload(payload, maxPackets));

        assertEquals(expected, e.error());
        assertTrue(e.getMessage().startsWith(expected.description()), e.getMessage());
    }

    @Test
    void payloadWithTrailingSeparatorIsRejected() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> EngineCodec.decodePayload("4a\u001e", NO_LIMIT));

        assertEquals(ProtocolError.EMPTY_PACKET, e.error());
    }

    @Test
    void tooManyPacketsIsReportedBeforeLaterPacketsAreDecoded() {
        // the fourth packet is garbage, but the limit of three is hit first
        String wire = String.join(RS, "2", "2", "2", "b!!!");

        ProtocolException e = assertThrows(ProtocolException.class, () -> EngineCodec.decodePayload(wire, 3));

        assertEquals(ProtocolError.TOO_MANY_PACKETS, e.error());
    }

    @Test
    void unknownTypeErrorNamesTheOffendingCharacter() {
        ProtocolException printable = assertThrows(ProtocolException.class, () -> EngineCodec.decodeFrame("9x"));
        ProtocolException control = assertThrows(ProtocolException.class, () -> EngineCodec.decodeFrame(RS));

        assertEquals("unknown packet type: '9'", printable.getMessage());
        assertEquals("unknown packet type: U+001E", control.getMessage());
    }

    // ---- EnginePacket invariants -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = EnginePacketType.class, names = "MESSAGE", mode = EnumSource.Mode.EXCLUDE)
    void nonMessagePacketCannotCarryBinary(EnginePacketType type) {
        assertThrows(IllegalArgumentException.class, () -> new EnginePacket(type, null, new byte[] {1}));
    }

    @Test
    void messagePacketCanCarryBinary() {
        EnginePacket packet = new EnginePacket(EnginePacketType.MESSAGE, null, new byte[] {1});

        assertTrue(packet.isBinary());
    }

    @Test
    void packetNeedsExactlyOneOfTextAndBinary() {
        assertThrows(IllegalArgumentException.class,
                () -> new EnginePacket(EnginePacketType.MESSAGE, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new EnginePacket(EnginePacketType.MESSAGE, "text", new byte[] {1}));
    }

    @Test
    void packetNeedsAType() {
        assertThrows(NullPointerException.class, () -> new EnginePacket(null, "", null));
    }

    @Test
    void binaryPacketsWithEqualContentAreEqual() {
        EnginePacket a = EnginePacket.message(new byte[] {1, 2, 3});
        EnginePacket b = EnginePacket.message(new byte[] {1, 2, 3});

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(EnginePacket.message(new byte[] {1, 2, 4})));
        assertFalse(a.equals(EnginePacket.message("\u0001\u0002\u0003")));
    }

    @ParameterizedTest
    @EnumSource(EnginePacketType.class)
    void typeCodeMapsBackToItsType(EnginePacketType type) {
        assertEquals(type, EnginePacketType.fromCode(type.code()));
    }

    @Test
    void typeCodesAreDigitsZeroToSix() {
        assertEquals('0', EnginePacketType.OPEN.code());
        assertEquals('1', EnginePacketType.CLOSE.code());
        assertEquals('2', EnginePacketType.PING.code());
        assertEquals('3', EnginePacketType.PONG.code());
        assertEquals('4', EnginePacketType.MESSAGE.code());
        assertEquals('5', EnginePacketType.UPGRADE.code());
        assertEquals('6', EnginePacketType.NOOP.code());
        assertNull(EnginePacketType.fromCode('7'));
        assertNull(EnginePacketType.fromCode('/'));
    }
}
