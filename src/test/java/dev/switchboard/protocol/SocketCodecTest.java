package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SocketCodecTest {

    private static final int MAX_ATTACHMENTS = 10;
    private static final String UNICODE_TEXT = "héllo wörld ✓ 日本語 🎉👍🏽 \"quoted\" \\ \n";
    private static final String PLACEHOLDER_0 = "{\"_placeholder\":true,\"num\":0}";
    private static final String PLACEHOLDER_1 = "{\"_placeholder\":true,\"num\":1}";

    // ---- round trips -----------------------------------------------------------------------------------------

    static Stream<SocketPacket> packets() {
        return Stream.of(
                SocketPacket.connect("/", null),
                SocketPacket.connect("/admin", null),
                SocketPacket.connect("/", object("{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}")),
                SocketPacket.connect("/admin", object("{\"token\":\"123\",\"nested\":{\"a\":[1,2.5,null,true]}}")),
                SocketPacket.disconnect("/"),
                SocketPacket.disconnect("/admin"),
                SocketPacket.connectError("/", object("{\"message\":\"Not authorized\"}")),
                SocketPacket.connectError("/admin", object("{\"message\":\"" + escape(UNICODE_TEXT) + "\"}")),
                new SocketPacket(SocketPacketType.CONNECT_ERROR, "/", null, Json.createValue("old peer"), List.of()),
                SocketPacket.event("/", null, array("[\"hello\"]"), List.of()),
                SocketPacket.event("/", 0L, array("[\"hello\",1,\"two\",{\"three\":3}]"), List.of()),
                SocketPacket.event("/admin", null, array("[\"hello\",[1,[2,[3]]]]"), List.of()),
                SocketPacket.event("/admin", 456L, array("[\"project:delete\",123]"), List.of()),
                SocketPacket.event("/", SocketPacket.MAX_ACK_ID, array("[\"max id\"]"), List.of()),
                SocketPacket.event("/", null, array("[\"\"]"), List.of()),
                SocketPacket.event("/чат", 7L, array("[\"" + escape(UNICODE_TEXT) + "\",\"" + escape(UNICODE_TEXT)
                        + "\"]"), List.of()),
                SocketPacket.event("/", null,
                        array("[\"not binary\",{\"_placeholder\":true,\"num\":99}]"), List.of()),
                SocketPacket.ack("/", 0, array("[]"), List.of()),
                SocketPacket.ack("/admin", 13, array("[\"bar\",null]"), List.of()),
                SocketPacket.ack("/", SocketPacket.MAX_ACK_ID, array("[{\"ok\":true}]"), List.of()),
                SocketPacket.event("/", null, array("[\"upload\"," + PLACEHOLDER_0 + "]"), List.of(bytes(1, 2, 3, 4))),
                SocketPacket.event("/admin", 14L,
                        array("[\"nested\",{\"a\":" + PLACEHOLDER_0 + ",\"b\":[[{\"_placeholder\":true,\"num\":2}]]},"
                                + PLACEHOLDER_1 + "]"),
                        List.of(bytes(1), bytes(), bytes(0xff, 0, 0x1e))),
                SocketPacket.ack("/", 15, array("[" + PLACEHOLDER_0 + "]"), List.of(bytes(0x80))),
                SocketPacket.ack("/admin", 16, array("[[" + PLACEHOLDER_1 + "],{\"x\":" + PLACEHOLDER_0 + "},"
                        + "{\"_placeholder\":true,\"num\":2}]"), List.of(bytes(1), bytes(2), bytes(3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void packetSurvivesEncodeDecodeRoundTrip(SocketPacket packet) throws ProtocolException {
        List<EnginePacket> messages = SocketCodec.encodeMessages(packet);

        assertEquals(1 + packet.attachments().size(), messages.size(), "one text message plus one per attachment");
        assertEquals(packet, decodeAll(new SocketDecoder(MAX_ATTACHMENTS), messages));
    }

    @ParameterizedTest
    @EnumSource(SocketPacketType.class)
    void everyTypeSurvivesRoundTripInMainAndCustomNamespace(SocketPacketType type) throws ProtocolException {
        for (String namespace : List.of("/", "/admin")) {
            SocketPacket packet = sample(type, namespace);
            SocketDecoder decoder = new SocketDecoder(MAX_ATTACHMENTS);

            SocketPacket decoded = decodeAll(decoder, SocketCodec.encodeMessages(packet));

            assertEquals(type, decoded.type());
            assertEquals(namespace, decoded.namespace());
            assertEquals(packet, decoded);
            assertFalse(decoder.awaitingAttachments());
        }
    }

    @Test
    void unicodeIsWrittenVerbatimAndReadBack() throws ProtocolException {
        SocketPacket packet = SocketPacket.event("/café", null, array("[\"ünï\",\"日本語 🎉\"]"), List.of());

        String wire = SocketCodec.encode(packet);

        assertEquals("2/café,[\"ünï\",\"日本語 🎉\"]", wire);
        assertEquals("日本語 🎉", new SocketDecoder(0).decode(wire).arguments().getString(0));
    }

    @Test
    void unpairedSurrogatesAreEscapedAsJavaScriptWritesThemSoTheTextHasAUtf8Form() throws ProtocolException {
        // "\\ud800" is valid JSON for a lone surrogate; JSON-P would write the character raw, which UTF-8 cannot carry
        SocketPacket packet = SocketPacket.event("/", null, array("[\"echo\",\"a\\ud800b\",\"\\udfff\",\"🎉\"]"), List.of());

        String wire = SocketCodec.encode(packet);

        assertEquals("2[\"echo\",\"a\\ud800b\",\"\\udfff\",\"🎉\"]", wire);
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(wire));
        assertEquals(packet, new SocketDecoder(0).decode(wire));
    }

    // ---- exact wire strings from the protocol specification --------------------------------------------------

    static Stream<Arguments> specExamples() {
        return Stream.of(
                Arguments.of("0", SocketPacket.connect("/", null)),
                Arguments.of("0{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}",
                        SocketPacket.connect("/", object("{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}"))),
                Arguments.of("0/admin,", SocketPacket.connect("/admin", null)),
                Arguments.of("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
                        SocketPacket.connect("/admin", object("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"))),
                Arguments.of("0/admin,{\"token\":\"123\"}", SocketPacket.connect("/admin", object("{\"token\":\"123\"}"))),
                Arguments.of("4{\"message\":\"Not authorized\"}",
                        SocketPacket.connectError("/", object("{\"message\":\"Not authorized\"}"))),
                Arguments.of("2[\"foo\"]", SocketPacket.event("/", null, array("[\"foo\"]"), List.of())),
                Arguments.of("2/admin,[\"bar\"]", SocketPacket.event("/admin", null, array("[\"bar\"]"), List.of())),
                Arguments.of("2[\"hello\",1]", SocketPacket.event("/", null, array("[\"hello\",1]"), List.of())),
                Arguments.of("2/admin,456[\"project:delete\",123]",
                        SocketPacket.event("/admin", 456L, array("[\"project:delete\",123]"), List.of())),
                Arguments.of("212[\"foo\"]", SocketPacket.event("/", 12L, array("[\"foo\"]"), List.of())),
                Arguments.of("2/admin,13[\"foo\"]", SocketPacket.event("/admin", 13L, array("[\"foo\"]"), List.of())),
                Arguments.of("312[]", SocketPacket.ack("/", 12, array("[]"), List.of())),
                Arguments.of("3/admin,13[\"bar\"]", SocketPacket.ack("/admin", 13, array("[\"bar\"]"), List.of())),
                Arguments.of("3/admin,456[]", SocketPacket.ack("/admin", 456, array("[]"), List.of())),
                Arguments.of("314[\"bar\"]", SocketPacket.ack("/", 14, array("[\"bar\"]"), List.of())),
                Arguments.of("1", SocketPacket.disconnect("/")),
                Arguments.of("1/admin,", SocketPacket.disconnect("/admin")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specExamples")
    void specExampleEncodesToItsWireStringAndDecodesBack(String wire, SocketPacket packet) throws ProtocolException {
        assertEquals(wire, SocketCodec.encode(packet));
        assertEquals(packet, new SocketDecoder(0).decode(wire));
    }

    static Stream<Arguments> binarySpecExamples() {
        return Stream.of(
                Arguments.of("51-[\"baz\"," + PLACEHOLDER_0 + "]", List.of(bytes(1, 2, 3, 4)),
                        SocketPacket.event("/", null, array("[\"baz\"," + PLACEHOLDER_0 + "]"),
                                List.of(bytes(1, 2, 3, 4)))),
                Arguments.of("52-/admin,[\"baz\"," + PLACEHOLDER_0 + "," + PLACEHOLDER_1 + "]",
                        List.of(bytes(1, 2), bytes(3, 4)),
                        SocketPacket.event("/admin", null,
                                array("[\"baz\"," + PLACEHOLDER_0 + "," + PLACEHOLDER_1 + "]"),
                                List.of(bytes(1, 2), bytes(3, 4)))),
                Arguments.of("51-14[\"foo\"," + PLACEHOLDER_0 + "]", List.of(bytes(1, 2, 3, 4)),
                        SocketPacket.event("/", 14L, array("[\"foo\"," + PLACEHOLDER_0 + "]"),
                                List.of(bytes(1, 2, 3, 4)))),
                Arguments.of("61-15[\"bar\"," + PLACEHOLDER_0 + "]", List.of(bytes(1, 2, 3, 4)),
                        SocketPacket.ack("/", 15, array("[\"bar\"," + PLACEHOLDER_0 + "]"), List.of(bytes(1, 2, 3, 4)))),
                Arguments.of("61-/admin,1[" + PLACEHOLDER_0 + "]", List.of(bytes(9)),
                        SocketPacket.ack("/admin", 1, array("[" + PLACEHOLDER_0 + "]"), List.of(bytes(9)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binarySpecExamples")
    void binarySpecExampleEncodesToTextThenAttachmentsAndDecodesBack(String wire, List<byte[]> attachments,
                                                                     SocketPacket packet) throws ProtocolException {
        List<EnginePacket> expected = new ArrayList<>();
        expected.add(EnginePacket.message(wire));
        attachments.forEach(a -> expected.add(EnginePacket.message(a)));

        assertEquals(wire, SocketCodec.encode(packet));
        assertEquals(expected, SocketCodec.encodeMessages(packet));
        assertEquals(packet, decodeAll(new SocketDecoder(attachments.size()), expected));
    }

    @Test
    void binaryEventTravelsAsEngineMessage451FollowedByTheBytes() {
        byte[] data = "bytes".getBytes(StandardCharsets.US_ASCII);
        SocketPacket packet = SocketPacket.event("/", null, array("[\"hello\"," + PLACEHOLDER_0 + "]"), List.of(data));

        List<EnginePacket> messages = SocketCodec.encodeMessages(packet);

        assertEquals(2, messages.size());
        assertEquals("451-[\"hello\"," + PLACEHOLDER_0 + "]", EngineCodec.encodeFrame(messages.get(0)));
        assertTrue(messages.get(1).isBinary());
        assertArrayEquals(data, messages.get(1).binary());
    }

    @Test
    void eventTravelsAsEngineMessage42() {
        SocketPacket packet = SocketPacket.event("/", null, array("[\"hey\",\"Jude\"]"), List.of());

        assertEquals(List.of(EnginePacket.message("2[\"hey\",\"Jude\"]")), SocketCodec.encodeMessages(packet));
        assertEquals("42[\"hey\",\"Jude\"]", EngineCodec.encodeFrame(SocketCodec.encodeMessages(packet).get(0)));
    }

    @Test
    void explicitMainNamespaceWithCommaDecodesToMainNamespace() throws ProtocolException {
        SocketPacket packet = new SocketDecoder(0).decode("2/,[\"x\"]");

        assertEquals("/", packet.namespace());
        assertEquals("2[\"x\"]", SocketCodec.encode(packet));
    }

    @Test
    void ackIdWithLeadingZerosDecodesToItsValue() throws ProtocolException {
        SocketPacket packet = new SocketDecoder(0).decode("2012[\"x\"]");

        assertEquals(12L, packet.ackId());
    }

    @Test
    void connectErrorWithStringPayloadFromOlderPeersIsAccepted() throws ProtocolException {
        SocketPacket packet = new SocketDecoder(0).decode("4\"Not authorized\"");

        assertEquals(SocketPacketType.CONNECT_ERROR, packet.type());
        assertEquals(Json.createValue("Not authorized"), packet.data());
    }

    @Test
    void whitespaceAroundJsonPayloadIsAccepted() throws ProtocolException {
        assertEquals(array("[\"x\",1]"), new SocketDecoder(0).decode("2 [ \"x\" , 1 ] ").data());
    }

    // ---- binary packets across several messages --------------------------------------------------------------

    @Test
    void decoderReturnsPacketOnlyWhenItsLastAttachmentArrives() throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(3);
        String text = "53-/admin,7[\"files\"," + PLACEHOLDER_1 + ",{\"_placeholder\":true,\"num\":2},"
                + PLACEHOLDER_0 + "]";

        assertNull(decoder.decode(text));
        assertTrue(decoder.awaitingAttachments());
        assertNull(decoder.decode(bytes(10)));
        assertNull(decoder.decode(bytes(11)));
        SocketPacket packet = decoder.decode(bytes(12, 13));

        assertFalse(decoder.awaitingAttachments());
        assertEquals(SocketPacketType.BINARY_EVENT, packet.type());
        assertEquals("/admin", packet.namespace());
        assertEquals(7L, packet.ackId());
        assertEquals(array(text.substring(text.indexOf('['))), packet.data(), "placeholders stay in the JSON");
        assertEquals(3, packet.attachments().size());
        assertArrayEquals(bytes(10), packet.attachments().get(0));
        assertArrayEquals(bytes(11), packet.attachments().get(1));
        assertArrayEquals(bytes(12, 13), packet.attachments().get(2));
    }

    @Test
    void decoderAcceptsNextPacketAfterBinaryPacketCompletes() throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(1);
        assertNull(decoder.decode("51-[\"a\"," + PLACEHOLDER_0 + "]"));
        assertEquals(SocketPacketType.BINARY_EVENT, decoder.decode(bytes(1)).type());

        assertEquals(SocketPacket.event("/", null, array("[\"b\"]"), List.of()), decoder.decode("2[\"b\"]"));
        assertNull(decoder.decode("61-3[" + PLACEHOLDER_0 + "]"));
        assertEquals(SocketPacket.ack("/", 3, array("[" + PLACEHOLDER_0 + "]"), List.of(bytes(2))),
                decoder.decode(bytes(2)));
    }

    @Test
    void attachmentCountAboveLimitIsRefusedBeforeThePayloadIsParsed() throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(1);

        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.decode("52-[\"not json"));

        assertEquals(ProtocolError.TOO_MANY_ATTACHMENTS, e.error());
        assertFalse(decoder.awaitingAttachments(), "nothing was buffered");
        assertEquals(SocketPacketType.EVENT, decoder.decode("2[\"next\"]").type());
    }

    @Test
    void attachmentCountEqualToLimitIsAccepted() throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(2);

        assertNull(decoder.decode("52-[\"x\"]"));
        assertTrue(decoder.awaitingAttachments());
    }

    @Test
    void zeroMaxAttachmentsRefusesEveryBinaryPacket() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new SocketDecoder(0).decode("51-[\"x\"," + PLACEHOLDER_0 + "]"));

        assertEquals(ProtocolError.TOO_MANY_ATTACHMENTS, e.error());
    }

    @Test
    void textWhileAwaitingAttachmentsIsRefusedAndThePacketStillCompletes() throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(1);
        assertNull(decoder.decode("51-[\"x\"," + PLACEHOLDER_0 + "]"));

        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.decode("2[\"y\"]"));

        assertEquals(ProtocolError.ATTACHMENT_EXPECTED, e.error());
        assertEquals("x", decoder.decode(bytes(5)).eventName());
    }

    @Test
    void failedTextPacketLeavesDecoderReadyForTheNext() throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(1);

        assertThrows(ProtocolException.class, () -> decoder.decode("51-[\"x\",{\"_placeholder\":true,\"num\":1}]"));

        assertFalse(decoder.awaitingAttachments());
        assertThrows(ProtocolException.class, () -> decoder.decode(bytes(1)));
        assertEquals("ok", decoder.decode("2[\"ok\"]").eventName());
    }

    @Test
    void decoderRefusesNegativeMaxAttachments() {
        assertThrows(IllegalArgumentException.class, () -> new SocketDecoder(-1));
    }

    // ---- invalid input ---------------------------------------------------------------------------------------

    static Stream<Arguments> invalidMessages() {
        byte[] attachment = bytes(1, 2, 3);
        String waiting = "51-[\"x\"," + PLACEHOLDER_0 + "]";
        return Stream.of(
                invalid("empty string", ProtocolError.EMPTY_PACKET, ""),
                invalid("null", ProtocolError.EMPTY_PACKET, (Object) null),
                invalid("unknown type 9", ProtocolError.UNKNOWN_SOCKET_PACKET_TYPE, "9"),
                invalid("type 7, one past BINARY_ACK", ProtocolError.UNKNOWN_SOCKET_PACKET_TYPE, "7[\"x\"]"),
                invalid("namespace instead of type", ProtocolError.UNKNOWN_SOCKET_PACKET_TYPE, "/admin,"),
                invalid("letter instead of type", ProtocolError.UNKNOWN_SOCKET_PACKET_TYPE, "e[\"x\"]"),
                invalid("binary event without count", ProtocolError.INVALID_ATTACHMENT_COUNT, "5[\"x\"]"),
                invalid("binary ack without count", ProtocolError.INVALID_ATTACHMENT_COUNT, "6"),
                invalid("count without dash", ProtocolError.INVALID_ATTACHMENT_COUNT, "51[\"x\"]"),
                invalid("dash without count", ProtocolError.INVALID_ATTACHMENT_COUNT, "5-[\"x\"]"),
                invalid("count of zero", ProtocolError.INVALID_ATTACHMENT_COUNT, "50-[\"x\"]"),
                invalid("count above maxAttachments=1", ProtocolError.TOO_MANY_ATTACHMENTS,
                        "52-[\"x\"," + PLACEHOLDER_0 + "," + PLACEHOLDER_1 + "]"),
                invalid("count overflowing a long", ProtocolError.TOO_MANY_ATTACHMENTS,
                        "599999999999999999999999-[\"x\"]"),
                invalid("namespace without comma", ProtocolError.INVALID_NAMESPACE, "2/admin"),
                invalid("namespace without comma before payload", ProtocolError.INVALID_NAMESPACE,
                        "0/admin{\"token\":1}"),
                invalid("unterminated array", ProtocolError.INVALID_JSON, "2[\"x\""),
                invalid("unquoted string", ProtocolError.INVALID_JSON, "2[x]"),
                invalid("whitespace-only payload", ProtocolError.INVALID_JSON, "0 "),
                invalid("trailing bracket", ProtocolError.INVALID_JSON, "2[\"x\"]]"),
                invalid("second JSON value", ProtocolError.INVALID_JSON, "2[\"x\"][\"y\"]"),
                invalid("trailing text after object", ProtocolError.INVALID_JSON, "0{}x"),
                invalid("nesting deeper than the JSON parser allows", ProtocolError.INVALID_JSON,
                        "2[\"x\"," + "[".repeat(5_000) + "]".repeat(5_000) + "]"),
                invalid("empty event array", ProtocolError.INVALID_PAYLOAD, "2[]"),
                invalid("number as event name", ProtocolError.INVALID_PAYLOAD, "2[1]"),
                invalid("reserved event name", ProtocolError.INVALID_PAYLOAD, "2[\"connect\"]"),
                invalid("object as event payload", ProtocolError.INVALID_PAYLOAD, "2{\"a\":1}"),
                invalid("string as event payload", ProtocolError.INVALID_PAYLOAD, "2\"x\""),
                invalid("event without payload", ProtocolError.INVALID_PAYLOAD, "2"),
                invalid("event with ack id but no payload", ProtocolError.INVALID_PAYLOAD, "212"),
                invalid("ack without id", ProtocolError.INVALID_ACK_ID, "3[]"),
                invalid("ack in namespace without id", ProtocolError.INVALID_ACK_ID, "3/admin,[]"),
                invalid("binary ack without id", ProtocolError.INVALID_ACK_ID, "61-[" + PLACEHOLDER_0 + "]"),
                invalid("ack with object payload", ProtocolError.INVALID_PAYLOAD, "31{}"),
                invalid("ack without payload", ProtocolError.INVALID_PAYLOAD, "31"),
                invalid("ack id too long for a long", ProtocolError.INVALID_ACK_ID, "2999999999999999999[\"x\"]"),
                invalid("ack id of 16 digits", ProtocolError.INVALID_ACK_ID, "21234567890123456[\"x\"]"),
                invalid("ack id on connect", ProtocolError.INVALID_ACK_ID, "012"),
                invalid("ack id on disconnect", ProtocolError.INVALID_ACK_ID, "1/admin,5"),
                invalid("ack id on connect error", ProtocolError.INVALID_ACK_ID, "41{\"message\":\"x\"}"),
                invalid("array as connect payload", ProtocolError.INVALID_PAYLOAD, "0[]"),
                invalid("null as connect payload", ProtocolError.INVALID_PAYLOAD, "0null"),
                invalid("disconnect with payload", ProtocolError.INVALID_PAYLOAD, "1{}"),
                invalid("connect error without payload", ProtocolError.INVALID_PAYLOAD, "4"),
                invalid("array as connect error payload", ProtocolError.INVALID_PAYLOAD, "4[\"x\"]"),
                invalid("placeholder num equal to count", ProtocolError.INVALID_PLACEHOLDER,
                        "51-[\"x\"," + PLACEHOLDER_1 + "]"),
                invalid("negative placeholder num", ProtocolError.INVALID_PLACEHOLDER,
                        "51-[\"x\",{\"_placeholder\":true,\"num\":-1}]"),
                invalid("fractional placeholder num", ProtocolError.INVALID_PLACEHOLDER,
                        "51-[\"x\",{\"_placeholder\":true,\"num\":0.5}]"),
                invalid("string placeholder num", ProtocolError.INVALID_PLACEHOLDER,
                        "51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]"),
                invalid("placeholder without num", ProtocolError.INVALID_PLACEHOLDER,
                        "51-[\"x\",{\"_placeholder\":true}]"),
                invalid("huge placeholder num", ProtocolError.INVALID_PLACEHOLDER,
                        "51-[\"x\",{\"_placeholder\":true,\"num\":1e999999999}]"),
                invalid("out-of-range placeholder nested in an object", ProtocolError.INVALID_PLACEHOLDER,
                        "61-4[{\"a\":[{\"b\":" + PLACEHOLDER_1 + "}]}]"),
                invalid("binary attachment with nothing waiting", ProtocolError.UNEXPECTED_ATTACHMENT, attachment),
                invalid("attachment after the packet completed", ProtocolError.UNEXPECTED_ATTACHMENT,
                        waiting, attachment, attachment),
                invalid("text while waiting for attachments", ProtocolError.ATTACHMENT_EXPECTED,
                        waiting, "2[\"y\"]"),
                invalid("binary packet while waiting for attachments", ProtocolError.ATTACHMENT_EXPECTED,
                        waiting, waiting));
    }

    /**
     * Feeds {@code messages} (strings and byte arrays) to a decoder allowing one attachment; all but the last
     * must be accepted and the last must fail with {@code expected}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMessages")
    void invalidInputIsRejectedWithItsProtocolError(String description, ProtocolError expected, List<Object> messages)
            throws ProtocolException {
        SocketDecoder decoder = new SocketDecoder(1);
        for (Object message : messages.subList(0, messages.size() - 1)) {
            feed(decoder, message);
        }

        ProtocolException e =
                assertThrows(ProtocolException.class, () -> feed(decoder, messages.get(messages.size() - 1)));

        assertEquals(expected, e.error());
        assertTrue(e.getMessage().startsWith(expected.description()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                            "removeListener"})
    void reservedEventNameIsRejectedOnDecodeAndConstruction(String name) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new SocketDecoder(0).decode("2[\"" + name + "\",1]"));

        assertEquals(ProtocolError.INVALID_PAYLOAD, e.error());
        assertThrows(IllegalArgumentException.class,
                () -> SocketPacket.event("/", null, Json.createArrayBuilder().add(name).build(), List.of()));
    }

    @Test
    void reservedNamesAreOnlyReservedAsEventNames() throws ProtocolException {
        SocketPacket packet = new SocketDecoder(0).decode("2[\"Connect\",\"connect\"]");

        assertEquals("Connect", packet.eventName());
    }

    @Test
    void unknownTypeErrorNamesTheOffendingCharacter() {
        ProtocolException printable = assertThrows(ProtocolException.class, () -> new SocketDecoder(0).decode("9"));
        ProtocolException control = assertThrows(ProtocolException.class, () -> new SocketDecoder(0).decode("\n"));

        assertEquals("unknown Socket.IO packet type: '9'", printable.getMessage());
        assertEquals("unknown Socket.IO packet type: U+000A", control.getMessage());
    }

    // ---- SocketPacket ----------------------------------------------------------------------------------------

    @Test
    void eventNameAndArgumentsSplitTheEventPayload() {
        SocketPacket packet = SocketPacket.event("/", 1L, array("[\"move\",1,{\"x\":2}]"), List.of());

        assertEquals("move", packet.eventName());
        assertEquals(array("[1,{\"x\":2}]"), packet.arguments());
    }

    @Test
    void eventWithOnlyANameHasNoArguments() {
        assertEquals(JsonValue.EMPTY_JSON_ARRAY,
                SocketPacket.event("/", null, array("[\"ping\"]"), List.of()).arguments());
    }

    @Test
    void ackArgumentsAreTheWholePayload() {
        SocketPacket packet = SocketPacket.ack("/", 4, array("[\"bar\",2]"), List.of());

        assertEquals(array("[\"bar\",2]"), packet.arguments());
        assertThrows(IllegalStateException.class, packet::eventName);
    }

    @Test
    void packetsOtherThanEventsAndAcksHaveNeitherEventNameNorArguments() {
        SocketPacket connect = SocketPacket.connect("/", null);

        assertThrows(IllegalStateException.class, connect::eventName);
        assertThrows(IllegalStateException.class, connect::arguments);
    }

    @Test
    void factoriesChooseBinaryTypesOnlyWhenThereAreAttachments() {
        JsonArray withPlaceholder = array("[\"x\"," + PLACEHOLDER_0 + "]");

        assertEquals(SocketPacketType.EVENT, SocketPacket.event("/", null, array("[\"x\"]"), List.of()).type());
        assertEquals(SocketPacketType.BINARY_EVENT,
                SocketPacket.event("/", null, withPlaceholder, List.of(bytes(1))).type());
        assertEquals(SocketPacketType.ACK, SocketPacket.ack("/", 1, array("[]"), List.of()).type());
        assertEquals(SocketPacketType.BINARY_ACK, SocketPacket.ack("/", 1, withPlaceholder, List.of(bytes(1))).type());
    }

    @Test
    void placeholderIsTheWireObjectAndIsRecognised() {
        JsonObject placeholder = SocketPacket.placeholder(2);

        assertEquals("{\"_placeholder\":true,\"num\":2}", placeholder.toString());
        assertTrue(SocketPacket.isPlaceholder(placeholder));
        assertTrue(SocketPacket.isPlaceholder(object(PLACEHOLDER_0)));
        assertThrows(IllegalArgumentException.class, () -> SocketPacket.placeholder(-1));
    }

    @Test
    void valuesWithoutPlaceholderTrueAreNotPlaceholders() {
        assertFalse(SocketPacket.isPlaceholder(object("{\"_placeholder\":false,\"num\":0}")));
        assertFalse(SocketPacket.isPlaceholder(object("{\"_placeholder\":\"true\",\"num\":0}")));
        assertFalse(SocketPacket.isPlaceholder(object("{\"num\":0}")));
        assertFalse(SocketPacket.isPlaceholder(array("[" + PLACEHOLDER_0 + "]")));
        assertFalse(SocketPacket.isPlaceholder(Json.createValue("_placeholder")));
        assertFalse(SocketPacket.isPlaceholder(null));
    }

    @Test
    void packetsWithEqualAttachmentContentAreEqual() {
        JsonArray data = array("[\"x\"," + PLACEHOLDER_0 + "]");
        SocketPacket a = SocketPacket.event("/", 1L, data, List.of(bytes(1, 2, 3)));
        SocketPacket b = SocketPacket.event("/", 1L, data, List.of(bytes(1, 2, 3)));

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, SocketPacket.event("/", 1L, data, List.of(bytes(1, 2, 4))));
        assertNotEquals(a, SocketPacket.event("/", 2L, data, List.of(bytes(1, 2, 3))));
        assertNotEquals(a, SocketPacket.event("/b", 1L, data, List.of(bytes(1, 2, 3))));
    }

    @Test
    void toStringShowsAttachmentSizesNotContent() {
        SocketPacket packet = SocketPacket.event("/a", 3L, array("[\"x\"," + PLACEHOLDER_0 + "]"),
                List.of(bytes(7, 7)));

        assertEquals("SocketPacket[BINARY_EVENT /a ack 3 [\"x\"," + PLACEHOLDER_0 + "] + attachments of 2 bytes]",
                packet.toString());
    }

    @Test
    void attachmentListIsCopiedButArraysAreShared() {
        byte[] attachment = bytes(1);
        List<byte[]> source = new ArrayList<>(List.of(attachment));
        SocketPacket packet = SocketPacket.event("/", null, array("[\"x\"," + PLACEHOLDER_0 + "]"), source);

        source.add(bytes(2));

        assertEquals(1, packet.attachments().size());
        assertSame(attachment, packet.attachments().get(0));
        assertThrows(UnsupportedOperationException.class, () -> packet.attachments().add(bytes(3)));
    }

    static Stream<Arguments> invalidConstructions() {
        JsonArray event = array("[\"x\"]");
        JsonArray binaryEvent = array("[\"x\"," + PLACEHOLDER_0 + "]");
        return Stream.of(
                Arguments.of("namespace without leading slash", (Executable)
                        () -> SocketPacket.disconnect("admin")),
                Arguments.of("empty namespace", (Executable) () -> SocketPacket.disconnect("")),
                Arguments.of("namespace containing a comma", (Executable) () -> SocketPacket.disconnect("/a,b")),
                Arguments.of("binary type without attachments", (Executable)
                        () -> new SocketPacket(SocketPacketType.BINARY_EVENT, "/", null, binaryEvent, List.of())),
                Arguments.of("non-binary type with attachments", (Executable)
                        () -> new SocketPacket(SocketPacketType.EVENT, "/", null, binaryEvent, List.of(bytes(1)))),
                Arguments.of("ack without id", (Executable)
                        () -> new SocketPacket(SocketPacketType.ACK, "/", null, event, List.of())),
                Arguments.of("negative ack id", (Executable) () -> SocketPacket.ack("/", -1, event, List.of())),
                Arguments.of("ack id above the maximum", (Executable)
                        () -> SocketPacket.event("/", SocketPacket.MAX_ACK_ID + 1, event, List.of())),
                Arguments.of("connect with ack id", (Executable)
                        () -> new SocketPacket(SocketPacketType.CONNECT, "/", 1L, null, List.of())),
                Arguments.of("event without payload", (Executable)
                        () -> new SocketPacket(SocketPacketType.EVENT, "/", null, null, List.of())),
                Arguments.of("event with empty array", (Executable)
                        () -> SocketPacket.event("/", null, JsonValue.EMPTY_JSON_ARRAY, List.of())),
                Arguments.of("disconnect with payload", (Executable)
                        () -> new SocketPacket(SocketPacketType.DISCONNECT, "/", null, event, List.of())),
                Arguments.of("placeholder beyond the attachments", (Executable)
                        () -> SocketPacket.event("/", null, array("[\"x\"," + PLACEHOLDER_1 + "]"),
                                List.of(bytes(1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConstructions")
    void packetThatCouldNotBeDecodedCannotBeBuilt(String description, Executable construction) {
        assertThrows(IllegalArgumentException.class, construction);
    }

    @Test
    void packetNeedsTypeNamespaceAndAttachmentList() {
        assertThrows(NullPointerException.class,
                () -> new SocketPacket(null, "/", null, null, List.of()));
        assertThrows(NullPointerException.class,
                () -> new SocketPacket(SocketPacketType.CONNECT, null, null, null, List.of()));
        assertThrows(NullPointerException.class,
                () -> new SocketPacket(SocketPacketType.CONNECT, "/", null, null, null));
    }

    // ---- SocketPacketType ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(SocketPacketType.class)
    void typeCodeMapsBackToItsType(SocketPacketType type) {
        assertEquals(type, SocketPacketType.fromCode(type.code()));
    }

    @Test
    void typeCodesAreDigitsZeroToSix() {
        assertEquals('0', SocketPacketType.CONNECT.code());
        assertEquals('1', SocketPacketType.DISCONNECT.code());
        assertEquals('2', SocketPacketType.EVENT.code());
        assertEquals('3', SocketPacketType.ACK.code());
        assertEquals('4', SocketPacketType.CONNECT_ERROR.code());
        assertEquals('5', SocketPacketType.BINARY_EVENT.code());
        assertEquals('6', SocketPacketType.BINARY_ACK.code());
    }

    @ParameterizedTest
    @ValueSource(chars = {'7', '9', '/', 'a', '\u0000', '٣'})
    void characterThatIsNotATypeCodeHasNoType(char c) {
        assertNull(SocketPacketType.fromCode(c));
    }

    @ParameterizedTest
    @EnumSource(SocketPacketType.class)
    void onlyBinaryEventAndBinaryAckAreBinary(SocketPacketType type) {
        assertEquals(type == SocketPacketType.BINARY_EVENT || type == SocketPacketType.BINARY_ACK, type.isBinary());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static SocketPacket sample(SocketPacketType type, String namespace) {
        return switch (type) {
            case CONNECT -> SocketPacket.connect(namespace, object("{\"auth\":\"" + escape(UNICODE_TEXT) + "\"}"));
            case DISCONNECT -> SocketPacket.disconnect(namespace);
            case EVENT -> SocketPacket.event(namespace, 42L, array("[\"e\",\"" + escape(UNICODE_TEXT) + "\"]"),
                    List.of());
            case ACK -> SocketPacket.ack(namespace, 42, array("[\"" + escape(UNICODE_TEXT) + "\"]"), List.of());
            case CONNECT_ERROR -> SocketPacket.connectError(namespace, object("{\"message\":\"no\"}"));
            case BINARY_EVENT -> SocketPacket.event(namespace, null, array("[\"e\"," + PLACEHOLDER_0 + "]"),
                    List.of(bytes(0, 0xff)));
            case BINARY_ACK -> SocketPacket.ack(namespace, 1, array("[" + PLACEHOLDER_0 + "]"), List.of(bytes()));
        };
    }

    /** Feeds every message but the last, which must complete the packet, asserting nothing came out early. */
    private static SocketPacket decodeAll(SocketDecoder decoder, List<EnginePacket> messages)
            throws ProtocolException {
        for (int i = 0; i < messages.size() - 1; i++) {
            assertNull(feed(decoder, content(messages.get(i))), "packet returned before message " + (i + 1));
        }
        SocketPacket packet = feed(decoder, content(messages.get(messages.size() - 1)));
        assertNotNull(packet, "last message completes the packet");
        return packet;
    }

    private static Object content(EnginePacket message) {
        assertEquals(EnginePacketType.MESSAGE, message.type());
        return message.isBinary() ? message.binary() : message.text();
    }

    private static SocketPacket feed(SocketDecoder decoder, Object message) throws ProtocolException {
        return message instanceof byte[] binary ? decoder.decode(binary) : decoder.decode((String) message);
    }

    private static Arguments invalid(String description, ProtocolError expected, Object... messages) {
        return Arguments.of(description, expected, Arrays.asList(messages));
    }

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonObject object(String text) {
        return json(text).asJsonObject();
    }

    private static JsonArray array(String text) {
        return json(text).asJsonArray();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
