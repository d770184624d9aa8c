package dev.switchboard.cluster.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.SocketPacket;
import dev.switchboard.protocol.SocketPacketType;
import dev.switchboard.socketio.BroadcastOptions;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The Redis wire format against golden bytes from the Node implementation, plus round trips and malformed input.
 * <p>
 * Every {@code NODE_*} constant was produced by {@code require("notepack.io").encode(value).toString("hex")}
 * (notepack.io 3.0.1, the version {@code @socket.io/redis-adapter} 8.3 depends on) of the JavaScript value in the
 * comment above it, which is what the Node adapter publishes. Where our encoder writes map keys in Node's order the
 * tests demand identical bytes, which notepack necessarily decodes to the same value.
 */
class RedisWireTest {

    // ["abc123", {type: 2, data: ["chat", "hi", Buffer.from([1, 2, 3])], nsp: "/"},
    //  {rooms: ["r1"], except: ["x"], flags: {volatile: true}}]
    static final String NODE_BROADCAST_BINARY = "93a661626331323383a47479706502a46461746193a463686174a26869c40301"
            + "0203a36e7370a12f83a5726f6f6d7391a27231a665786365707491a178a5666c61677381a8766f6c6174696c65c3";

    // ["node42", {type: 2, data: ["news", {title: "héllo ✓", n: 42, ratio: 1.5, tags: ["a", "b"], none: null,
    //  ok: false}, -7, 300], nsp: "/admin"}, {rooms: ["r1", "r2"], except: ["sid1"], flags: {}}]
    static final String NODE_BROADCAST_TEXT = "93a66e6f6465343283a47479706502a46461746194a46e65777386a57469746c65aa68"
            + "c3a96c6c6f20e29c93a16e2aa5726174696fcb3ff8000000000000a47461677392a161a162a46e6f6e65c0a26f6bc2f9cd012ca3"
            + "6e7370a62f61646d696e83a5726f6f6d7392a27231a27232a665786365707491a473696431a5666c61677380";

    // ["n", {type: 2, data: ["x"], nsp: "/"}, {rooms: [], except: [], flags: {compress: false, timeout: 5000,
    //  local: false}}]
    static final String NODE_BROADCAST_TIMEOUT_COMPRESS = "93a16e83a47479706502a46461746191a178a36e7370a12f83a5726f"
            + "6f6d7390a665786365707490a5666c61677383a8636f6d7072657373c2a774696d656f7574cd1388a56c6f63616cc2";

    // ["n", {type: 2, data: ["x", 1]}, {rooms: [], except: []}]
    static final String NODE_BROADCAST_NO_FLAGS_NO_NSP = "93a16e82a47479706502a46461746192a1780182a5726f6f6d7390a665"
            + "786365707490";

    // ["n", {type: 2, data: ["exotic", new Date(1700000000123), undefined, 2 ** 40, -(2 ** 40), 0.25, NaN,
    //  new Uint8Array([7]), {skip: undefined, keep: 1}], nsp: "/"}, {rooms: [], except: [], flags: {}}]
    static final String NODE_BROADCAST_EXOTIC = "93a16e83a47479706502a46461746199a665786f746963d7ff1d5353006553f100c0"
            + "cf0000010000000000d3ffffff0000000000cb3fd0000000000000cb7ff8000000000000c4010781a46b65657001a36e7370a12f"
            + "83a5726f6f6d7390a665786365707490a5666c61677380";

    // ["n", {type: 2, data: ["ask", "q"], nsp: "/", id: 12}, {rooms: ["r"], except: [], flags: {timeout: 1000}}]
    static final String NODE_BROADCAST_WITH_ID = "93a16e84a47479706502a46461746192a361736ba171a36e7370a12fa269640c83"
            + "a5726f6f6d7391a172a665786365707490a5666c61677381a774696d656f7574cd03e8";

    // {uid: "abc123", requestId: "req456", type: 7, packet: {type: 2, data: ["ping", Buffer.from([9, 8]),
    //  {deep: [Buffer.from([])]}], nsp: "/admin"}, opts: {rooms: ["room1"], except: [], flags: {timeout: 5000}}}
    static final String NODE_REQUEST_BROADCAST = "85a3756964a6616263313233a9726571756573744964a6726571343536a4747970"
            + "6507a67061636b657483a47479706502a46461746193a470696e67c402090881a46465657091c400a36e7370a62f61646d696ea4"
            + "6f70747383a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677381a774696d656f7574cd1388";

    // {type: 9, requestId: "req456", packet: {ok: true, blob: Buffer.from([0xde, 0xad])}}
    static final String NODE_ACK_BINARY = "83a47479706509a9726571756573744964a6726571343536a67061636b657482a26f6bc3a4"
            + "626c6f62c402dead";

    // {type: 9, requestId: "req456", packet: "pong"}
    static final String NODE_ACK_TEXT = "83a47479706509a9726571756573744964a6726571343536a67061636b6574a4706f6e67";

    // {type: 9, requestId: "req456", packet: undefined}   (notepack leaves undefined members out)
    static final String NODE_ACK_UNDEFINED = "82a47479706509a9726571756573744964a6726571343536";

    // ---- golden fixtures: decoding what Node publishes, encoding what Node would --------------------------------

    @Test
    void decodesNodeBinaryBroadcastAndEncodesTheSameBytes() throws IOException {
        RedisBroadcast broadcast = RedisWire.decodeBroadcast(hex(NODE_BROADCAST_BINARY));

        SocketPacket expected = SocketPacket.event("/", null, array("[\"chat\",\"hi\"," + ph(0) + "]"),
                List.of(bytes(1, 2, 3)));
        BroadcastOptions options = new BroadcastOptions(Set.of("r1"), Set.of("x"), false, true, null);
        assertEquals("abc123", broadcast.uid());
        assertEquals(SocketPacketType.BINARY_EVENT, broadcast.packet().type());
        assertEquals(expected, broadcast.packet());
        assertEquals(options, broadcast.options());
        assertEquals(NODE_BROADCAST_BINARY, toHex(RedisWire.encodeBroadcast("abc123", expected, options)));
    }

    @Test
    void decodesNodeTextBroadcastAndEncodesTheSameBytes() throws IOException {
        RedisBroadcast broadcast = RedisWire.decodeBroadcast(hex(NODE_BROADCAST_TEXT));

        SocketPacket expected = SocketPacket.event("/admin", null, array("[\"news\",{\"title\":\"héllo ✓\",\"n\":42,"
                + "\"ratio\":1.5,\"tags\":[\"a\",\"b\"],\"none\":null,\"ok\":false},-7,300]"), List.of());
        BroadcastOptions options = new BroadcastOptions(Set.of("r1", "r2"), Set.of("sid1"), false, false, null);
        assertEquals(new RedisBroadcast("node42", expected, options), broadcast);
        assertEquals(NODE_BROADCAST_TEXT, toHex(RedisWire.encodeBroadcast("node42", expected, options)));
    }

    @Test
    void decodesNodeBroadcastWithAckIdAndTimeoutAndEncodesTheSameBytes() throws IOException {
        RedisBroadcast broadcast = RedisWire.decodeBroadcast(hex(NODE_BROADCAST_WITH_ID));

        SocketPacket expected = SocketPacket.event("/", 12L, array("[\"ask\",\"q\"]"), List.of());
        BroadcastOptions options = new BroadcastOptions(Set.of("r"), Set.of(), false, false, Duration.ofSeconds(1));
        assertEquals(new RedisBroadcast("n", expected, options), broadcast);
        assertEquals(NODE_BROADCAST_WITH_ID, toHex(RedisWire.encodeBroadcast("n", expected, options)));
    }

    private static final BroadcastOptions EVERYONE = new BroadcastOptions(Set.of(), Set.of(), false, false, null);

    @Test
    void tellsItsOwnBroadcastsFromTheBytesAlone() {
        assertTrue(RedisWire.sentBy(hex(NODE_BROADCAST_TEXT), "node42".getBytes(UTF_8)));
        assertFalse(RedisWire.sentBy(hex(NODE_BROADCAST_TEXT), "node43".getBytes(UTF_8)));
        assertFalse(RedisWire.sentBy(hex(NODE_BROADCAST_TEXT), "node4".getBytes(UTF_8)));
        assertTrue(RedisWire.sentBy(hex(NODE_BROADCAST_WITH_ID), "n".getBytes(UTF_8)));
        String uid = RedisWire.newUid();
        SocketPacket packet = SocketPacket.event("/", null, array("[\"x\"]"), List.of());
        byte[] ours = RedisWire.encodeBroadcast(uid, packet, EVERYONE);
        assertTrue(RedisWire.sentBy(ours, uid.getBytes(UTF_8)));
        assertFalse(RedisWire.sentBy(ours, RedisWire.newUid().getBytes(UTF_8)));
        // a uid of 32 bytes or more is a str 8 in msgpack
        String longUid = "u".repeat(40);
        assertTrue(RedisWire.sentBy(RedisWire.encodeBroadcast(longUid, packet, EVERYONE),
                longUid.getBytes(UTF_8)));
        // cut short, not an array of three, empty: never "ours" (the full decode then rejects it)
        assertFalse(RedisWire.sentBy(Arrays.copyOf(ours, 4), uid.getBytes(UTF_8)));
        assertFalse(RedisWire.sentBy(new byte[] {(byte) 0x92, (byte) 0xa1, 'n'}, "n".getBytes(UTF_8)));
        assertFalse(RedisWire.sentBy(new byte[0], "n".getBytes(UTF_8)));
    }

    @Test
    void toleratesFlagsItDoesNotUseAndEncodesAnEquivalentMessage() throws IOException {
        RedisBroadcast broadcast = RedisWire.decodeBroadcast(hex(NODE_BROADCAST_TIMEOUT_COMPRESS));

        BroadcastOptions options = new BroadcastOptions(Set.of(), Set.of(), false, false, Duration.ofMillis(5000));
        assertEquals(options, broadcast.options());
        assertEquals(SocketPacket.event("/", null, array("[\"x\"]"), List.of()), broadcast.packet());
        // our flags are {timeout: 5000} only, so the bytes differ from Node's; the decoded values may not
        byte[] ours = RedisWire.encodeBroadcast("n", broadcast.packet(), options);
        assertNotEquals(NODE_BROADCAST_TIMEOUT_COMPRESS, toHex(ours));
        assertEquals(broadcast, RedisWire.decodeBroadcast(ours));
    }

    @Test
    void defaultsTheNamespaceAndTheFlagsLikeNode() throws IOException {
        RedisBroadcast broadcast = RedisWire.decodeBroadcast(hex(NODE_BROADCAST_NO_FLAGS_NO_NSP));

        assertEquals(SocketPacket.event("/", null, array("[\"x\",1]"), List.of()), broadcast.packet());
        assertEquals(new BroadcastOptions(Set.of(), Set.of(), false, false, null), broadcast.options());
    }

    @Test
    void convertsJavaScriptValuesAsJsonStringifyWouldForClients() throws IOException {
        RedisBroadcast broadcast = RedisWire.decodeBroadcast(hex(NODE_BROADCAST_EXOTIC));

        // Date → ISO string, undefined → null (array) or left out (map), NaN → null, Uint8Array → binary
        assertEquals(SocketPacket.event("/", null, array("[\"exotic\",\"2023-11-14T22:13:20.123Z\",null,"
                + "1099511627776,-1099511627776,0.25,null," + ph(0) + ",{\"keep\":1}]"), List.of(bytes(7))),
                broadcast.packet());
    }

    @Test
    void decodesNodeBroadcastRequestAndEncodesTheSameBytes() throws IOException {
        RedisMessage message = RedisWire.decodeMessage(hex(NODE_REQUEST_BROADCAST));

        JsonObject body = message.body();
        assertEquals("abc123", body.getString("uid"));
        assertEquals("req456", body.getString("requestId"));
        assertEquals(RedisWire.BROADCAST, body.getInt("type"));
        SocketPacket packet = RedisWire.packetOf(body.getJsonObject("packet"), message.attachments());
        SocketPacket expected = SocketPacket.event("/admin", null,
                array("[\"ping\"," + ph(0) + ",{\"deep\":[" + ph(1) + "]}]"), List.of(bytes(9, 8), bytes()));
        assertEquals(expected, packet);
        BroadcastOptions options = RedisWire.optionsOf(body.getJsonObject("opts"));
        assertEquals(new BroadcastOptions(Set.of("room1"), Set.of(), false, false, Duration.ofSeconds(5)), options);
        assertEquals(NODE_REQUEST_BROADCAST,
                toHex(RedisWire.encodeBroadcastRequest("abc123", "req456", expected, options)));
    }

    @Test
    void decodesNodeBinaryAckAndEncodesTheSameBytes() throws IOException {
        RedisMessage message = RedisWire.decodeMessage(hex(NODE_ACK_BINARY));

        JsonObject packet = object("{\"ok\":true,\"blob\":" + ph(0) + "}");
        assertEquals(object("{\"type\":9,\"requestId\":\"req456\",\"packet\":" + packet + "}"), message.body());
        assertEquals(1, message.attachments().size());
        assertArrayEquals(bytes(0xde, 0xad), message.attachments().get(0));
        assertEquals(NODE_ACK_BINARY, toHex(RedisWire.encodeBroadcastAck("req456", packet, message.attachments())));
    }

    @Test
    void decodesNodeTextAckAndEncodesTheSameBytes() throws IOException {
        RedisMessage message = RedisWire.decodeMessage(hex(NODE_ACK_TEXT));

        assertEquals(object("{\"type\":9,\"requestId\":\"req456\",\"packet\":\"pong\"}"), message.body());
        assertTrue(message.attachments().isEmpty());
        assertEquals(NODE_ACK_TEXT, toHex(RedisWire.encodeBroadcastAck("req456", Json.createValue("pong"), List.of())));
    }

    @Test
    void anAckWithoutArgumentLeavesThePacketOutLikeNode() throws IOException {
        assertEquals(NODE_ACK_UNDEFINED, toHex(RedisWire.encodeBroadcastAck("req456", null, List.of())));
        assertFalse(RedisWire.decodeMessage(hex(NODE_ACK_UNDEFINED)).body().containsKey("packet"));
        // a JSON null argument is a nil, not a missing member
        assertEquals(JsonValue.NULL, RedisWire.decodeMessage(RedisWire.encodeBroadcastAck("r", JsonValue.NULL,
                List.of())).body().get("packet"));
    }

    @Test
    void decodesTheJsonRequestsAndResponsesNodeSends() throws IOException {
        // JSON.stringify output of RedisAdapter#addSockets and of a BROADCAST_CLIENT_COUNT response
        RedisMessage join = RedisWire.decodeMessage(("{\"uid\":\"abc123\",\"type\":2,\"opts\":{\"rooms\":[\"a\",3],"
                + "\"except\":[\"b\"]},\"rooms\":[\"c\"]}").getBytes(UTF_8));
        RedisMessage count = RedisWire.decodeMessage(
                "{\"type\":8,\"requestId\":\"req456\",\"clientCount\":3}".getBytes(UTF_8));

        assertEquals(RedisWire.REMOTE_JOIN, join.body().getInt("type"));
        assertEquals(new BroadcastOptions(Set.of("a", "3"), Set.of("b"), false, false, null),
                RedisWire.optionsOf(join.body().getJsonObject("opts")));
        assertEquals(3, count.body().getInt("clientCount"));
        assertTrue(count.attachments().isEmpty());
    }

    @Test
    void encodesJsonAsUtf8TextThatDecodesBack() throws IOException {
        JsonObject request = object("{\"uid\":\"ü1\",\"requestId\":\"x\",\"type\":6,\"data\":[\"ev\",{\"a\":[1,2.5]}]}");

        byte[] bytes = RedisWire.encodeJson(request);

        assertEquals('{', bytes[0]);
        assertEquals(request.toString(), new String(bytes, UTF_8));
        assertEquals(request, RedisWire.decodeMessage(bytes).body());
    }

    // ---- round trips ---------------------------------------------------------------------------------------

    static Stream<Arguments> broadcasts() {
        return Stream.of(
                Arguments.of(SocketPacket.event("/", null, array("[\"hello\"]"), List.of()),
                        new BroadcastOptions(Set.of(), Set.of(), false, false, null)),
                Arguments.of(SocketPacket.event("/чат", 7L, array("[\"ünï\",{\"a\":[1,[2,[3]]],\"b\":null},true,"
                        + "-1.25,9223372036854775807,-9223372036854775808,18446744073709551615]"), List.of()),
                        new BroadcastOptions(Set.of("r1", "r2", "r3"), Set.of("s1", "s2"), true, true,
                                Duration.ofMillis(1500))),
                Arguments.of(SocketPacket.event("/admin", SocketPacket.MAX_ACK_ID,
                        array("[\"upload\"," + ph(0) + ",{\"x\":[" + ph(1) + "," + ph(2) + "]}]"),
                        List.of(bytes(1), bytes(), new byte[70_000])),
                        new BroadcastOptions(Set.of("room"), Set.of(), false, true, null)),
                Arguments.of(SocketPacket.event("/", null, array("[\"not binary\"," + ph(5) + "]"), List.of()),
                        new BroadcastOptions(Set.of(), Set.of("x"), false, false, Duration.ZERO)),
                Arguments.of(SocketPacket.event("/", null, array("[\"" + "long ".repeat(20_000) + "\"]"), List.of()),
                        new BroadcastOptions(Set.of(), Set.of(), false, false, Duration.ofHours(1))));
    }

    @ParameterizedTest
    @MethodSource("broadcasts")
    void broadcastSurvivesEncodeDecode(SocketPacket packet, BroadcastOptions options) throws IOException {
        byte[] encoded = RedisWire.encodeBroadcast("node-1", packet, options);

        assertEquals(new RedisBroadcast("node-1", packet, options), RedisWire.decodeBroadcast(encoded));
        assertEquals(toHex(encoded), toHex(RedisWire.encodeBroadcast("node-1", packet, options)), "deterministic");
    }

    @ParameterizedTest
    @MethodSource("broadcasts")
    void broadcastRequestSurvivesEncodeDecode(SocketPacket packet, BroadcastOptions options) throws IOException {
        RedisMessage message = RedisWire.decodeMessage(RedisWire.encodeBroadcastRequest("u", "rq", packet, options));

        assertEquals("u", message.body().getString("uid"));
        assertEquals("rq", message.body().getString("requestId"));
        assertEquals(RedisWire.BROADCAST, message.body().getInt("type"));
        assertEquals(packet, RedisWire.packetOf(message.body().getJsonObject("packet"), message.attachments()));
        assertEquals(options, RedisWire.optionsOf(message.body().getJsonObject("opts")));
    }

    @Test
    void binaryAckSurvivesEncodeDecode() throws IOException {
        JsonValue argument = array("[{\"file\":" + ph(1) + "}," + ph(0) + ",\"text\"]");
        List<byte[]> attachments = List.of(bytes(0, 1, 2), bytes(0xff));

        RedisMessage message = RedisWire.decodeMessage(RedisWire.encodeBroadcastAck("rq", argument, attachments));

        assertEquals(RedisWire.BROADCAST_ACK, message.body().getInt("type"));
        // renumbered in order of appearance
        assertEquals(array("[{\"file\":" + ph(0) + "}," + ph(1) + ",\"text\"]"), message.body().get("packet"));
        assertArrayEquals(bytes(0xff), message.attachments().get(0));
        assertArrayEquals(bytes(0, 1, 2), message.attachments().get(1));
    }

    @Test
    void packetOfKeepsOnlyTheAttachmentsThePacketUses() throws IOException {
        byte[] message = pack(out -> {
            out.packMapHeader(4).packString("extra").packBinaryHeader(1).writePayload(bytes(0xaa));
            out.packString("type").packInt(7).packString("opts").packMapHeader(0).packString("packet");
            out.packMapHeader(2).packString("type").packInt(2).packString("data").packArrayHeader(2).packString("e");
            out.packBinaryHeader(1).writePayload(bytes(0xbb));
        });

        RedisMessage decoded = RedisWire.decodeMessage(message);
        SocketPacket packet = RedisWire.packetOf(decoded.body().getJsonObject("packet"), decoded.attachments());

        assertEquals(2, decoded.attachments().size());
        assertEquals(SocketPacket.event("/", null, array("[\"e\"," + ph(0) + "]"), List.of(bytes(0xbb))), packet);
    }

    @Test
    void refusesToEncodeNonEvents() {
        SocketPacket ack = SocketPacket.ack("/", 1, array("[]"), List.of());
        BroadcastOptions options = new BroadcastOptions(Set.of(), Set.of(), false, false, null);

        assertThrows(IllegalArgumentException.class, () -> RedisWire.encodeBroadcast("u", ack, options));
        assertThrows(IllegalArgumentException.class, () -> RedisWire.encodeBroadcastRequest("u", "r", ack, options));
    }

    @Test
    void packetOfAndOptionsOfRejectBadShapesWithIllegalArgument() {
        assertThrows(IllegalArgumentException.class,
                () -> RedisWire.packetOf(object("{\"type\":3,\"data\":[\"x\"]}"), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> RedisWire.optionsOf(object("{\"rooms\":\"not an array\"}")));
    }

    @Test
    void newIdsAreShortUrlSafeAndDistinct() {
        List<String> ids = IntStream.range(0, 100)
                .mapToObj(i -> i % 2 == 0 ? RedisWire.newUid() : RedisWire.newRequestId()).toList();

        ids.forEach(id -> assertTrue(id.matches("[A-Za-z0-9_-]{8}"), id));
        assertEquals(ids.size(), Set.copyOf(ids).size());
    }

    // ---- MsgpackJson ---------------------------------------------------------------------------------------

    static Stream<Arguments> msgpackValues() {
        return Stream.of(
                Arguments.of("cf ffffffffffffffff", "18446744073709551615"),            // uint64 beyond long
                Arguments.of("cf 7fffffffffffffff", "9223372036854775807"),
                Arguments.of("ca 3fc00000", "1.5"),                                     // float 32
                Arguments.of("cb 4008000000000000", "3"),                               // integral float
                Arguments.of("cb 7ff0000000000000", "null"),                            // Infinity
                Arguments.of("92 d40000 c0", "[null,null]"),                            // notepack 2 undefined
                Arguments.of("82 a161 d40000 a162 01", "{\"b\":1}"),
                Arguments.of("c7 02 00 aabb", ph(0)),                                   // notepack 2 ArrayBuffer
                Arguments.of("d5 05 aabb", "[5," + ph(0) + "]"),                        // unknown extension
                Arguments.of("d6 ff 00000000", "\"1970-01-01T00:00:00.000Z\""),         // timestamp 32
                Arguments.of("d7 00 0000018bcfe5687b", "\"2023-11-14T22:13:20.123Z\""), // notepack 2 date
                Arguments.of("c7 0c ff 00000000 fffffff184aa5080", "\"-000001-01-01T00:00:00.000Z\""),
                Arguments.of("d7 00 8000000000000000", "null"),                         // beyond a Date's range
                Arguments.of("83 01 a161 c3 a162 c0 a163", "{\"1\":\"a\",\"true\":\"b\",\"null\":\"c\"}"));
    }

    @ParameterizedTest
    @MethodSource("msgpackValues")
    void readsMessagePackAsNodeWouldHandItToClients(String msgpack, String json) throws IOException {
        List<byte[]> attachments = new ArrayList<>();

        JsonValue value = MsgpackJson.decode(hex(msgpack.replace(" ", "")), attachments);

        assertEquals(Json.createReader(new StringReader(json)).readValue(), value);
        assertEquals(json.contains("_placeholder") ? 1 : 0, attachments.size());
    }

    @Test
    void writesNumbersAsNotepackDoes() throws IOException {
        // as notepack.encode([2, 1.5, 100, -0, 4294967296, -2147483649, Infinity]) gives for the JavaScript
        // numbers: integral values in the smallest integer format, the rest as float 64; 2^64-1, which JavaScript
        // cannot hold exactly, as uint 64
        byte[] written = pack(out -> MsgpackJson.write(out,
                array("[2.0,1.50,1E+2,-0.0,4294967296,-2147483649,18446744073709551615,1e400]"), List.of()));

        assertEquals("98" + "02" + "cb3ff8000000000000" + "64" + "00" + "cf0000000100000000" + "d3ffffffff7fffffff"
                + "cfffffffffffffffff" + "cb7ff0000000000000", toHex(written));
    }

    @Test
    void placeholdersAreBinaryOnlyWhenThereAreAttachments() throws IOException {
        JsonValue value = array("[" + ph(0) + "]");

        assertEquals("91c40107", toHex(pack(out -> MsgpackJson.write(out, value, List.of(bytes(7))))));
        assertEquals("9182ac5f706c616365686f6c646572c3a36e756d00",
                toHex(pack(out -> MsgpackJson.write(out, value, List.of()))));
        assertThrows(IllegalArgumentException.class, () -> pack(out -> MsgpackJson.write(out,
                array("[" + ph(1) + "]"), List.of(bytes(7)))));
    }

    @Test
    void readsNestingUpToTheLimitFromAnUnpacker() throws IOException {
        byte[] deepest = nested(MsgpackJson.MAX_DEPTH);
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(deepest)) {
            JsonValue value = MsgpackJson.read(in, new ArrayList<>());
            for (int depth = 1; depth < MsgpackJson.MAX_DEPTH; depth++) {
                value = value.asJsonArray().get(0);
            }
            assertEquals(array("[]"), value);
        }
        assertThrows(IOException.class, () -> MsgpackJson.decode(nested(MsgpackJson.MAX_DEPTH + 1), List.of()));
    }

    // ---- malformed input -----------------------------------------------------------------------------------

    static Stream<Arguments> malformedBroadcasts() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("empty", bytes()),
                Arguments.of("a map, not an array", hex(NODE_ACK_TEXT)),
                Arguments.of("a string", hex("a3616263")),
                Arguments.of("two elements", hex("92a16e80")),
                Arguments.of("four elements", hex("94a16e8080c0")),
                Arguments.of("uid not a string", hex("93" + "01" + packet("a178") + "80")),
                Arguments.of("packet not a map", hex("93a16e" + "91a178" + "80")),
                Arguments.of("packet type 3", hex("93a16e" + "82a47479706503a46461746191a178" + "80")),
                Arguments.of("no packet type", hex("93a16e" + "81a46461746191a178" + "80")),
                Arguments.of("data not an array", hex("93a16e" + "82a47479706502a464617461a178" + "80")),
                Arguments.of("empty data", hex("93a16e" + "82a47479706502a46461746190" + "80")),
                Arguments.of("event name a number", hex("93a16e" + packet("2a") + "80")),
                Arguments.of("event name binary", hex("93a16e" + packet("c40101") + "80")),
                Arguments.of("reserved event name", hex("93a16e" + packet("a7636f6e6e656374") + "80")),
                Arguments.of("nsp not a string", hex("93a16e" + "83a47479706502a46461746191a178a36e737001" + "80")),
                Arguments.of("nsp without slash", hex("93a16e" + "83a47479706502a46461746191a178a36e7370a161" + "80")),
                Arguments.of("negative id", hex("93a16e" + "83a47479706502a46461746191a178a26964ff" + "80")),
                Arguments.of("fractional id", hex("93a16e" + "83a47479706502a46461746191a178a26964cb3ff8000000000000"
                        + "80")),
                Arguments.of("id beyond long", hex("93a16e" + "83a47479706502a46461746191a178a26964cfffffffffffffffff"
                        + "80")),
                Arguments.of("opts not a map", hex("93a16e" + packet("a178") + "90")),
                Arguments.of("rooms not an array", hex("93a16e" + packet("a178") + "81a5726f6f6d73a178")),
                Arguments.of("room a map", hex("93a16e" + packet("a178") + "81a5726f6f6d739180")),
                Arguments.of("flags not a map", hex("93a16e" + packet("a178") + "81a5666c61677390")),
                Arguments.of("timeout a string", hex("93a16e" + packet("a178") + "81a5666c61677381a774696d656f7574a131")),
                Arguments.of("negative timeout", hex("93a16e" + packet("a178") + "81a5666c61677381a774696d656f7574ff")),
                Arguments.of("trailing byte", hex(NODE_BROADCAST_BINARY + "00")),
                Arguments.of("never-used byte 0xc1", hex("93a16ec180")),
                Arguments.of("deep nesting", hex("93a16e" + packet("a178" + "91".repeat(200) + "90") + "80")),
                Arguments.of("array32 count beyond input", hex("dd7fffffff")),
                Arguments.of("map16 count beyond input", hex("93a16e" + "deffff")),
                Arguments.of("map32 count beyond int", hex("93a16e" + "dfffffffff")),
                Arguments.of("str32 length beyond input", hex("93db7fffffff")),
                Arguments.of("bin16 length beyond input", hex("93a16e" + packet("a178c5ffff") + "80")),
                Arguments.of("bin32 length beyond int", hex("93a16e" + packet("a178c6fffffff0") + "80")),
                Arguments.of("ext32 length beyond input", hex("93a16e" + packet("a178c97ffffff00501") + "80")),
                Arguments.of("over 16 MiB", new byte[MsgpackJson.MAX_INPUT_BYTES + 1])));
        for (String golden : List.of(NODE_BROADCAST_BINARY, NODE_BROADCAST_TEXT, NODE_BROADCAST_EXOTIC)) {
            byte[] whole = hex(golden);
            for (int length = 1; length < whole.length; length++) {
                cases.add(Arguments.of("truncated to " + length + " of " + golden.substring(0, 12),
                        Arrays.copyOf(whole, length)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBroadcasts")
    void malformedBroadcastFailsWithIOException(String name, byte[] message) {
        assertThrows(IOException.class, () -> RedisWire.decodeBroadcast(message));
    }

    static Stream<Arguments> malformedMessages() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("empty", bytes()),
                Arguments.of("truncated JSON", "{\"type\":".getBytes(UTF_8)),
                Arguments.of("JSON with trailing data", "{\"type\":1} {}".getBytes(UTF_8)),
                Arguments.of("JSON array", "[1]".getBytes(UTF_8)),
                Arguments.of("msgpack array", hex(NODE_BROADCAST_BINARY)),
                Arguments.of("JSON opts not an object", "{\"type\":2,\"opts\":[]}".getBytes(UTF_8)),
                Arguments.of("JSON rooms of objects", "{\"type\":3,\"opts\":{\"rooms\":[{}]}}".getBytes(UTF_8)),
                Arguments.of("broadcast request without packet", "{\"type\":7,\"opts\":{}}".getBytes(UTF_8)),
                Arguments.of("broadcast request with a bad event name",
                        "{\"type\":7,\"packet\":{\"type\":2,\"data\":[1]},\"opts\":{}}".getBytes(UTF_8)),
                Arguments.of("deep nesting", hex("81a161" + "91".repeat(100) + "90")),
                Arguments.of("trailing byte", hex(NODE_ACK_BINARY + "c0"))));
        for (String golden : List.of(NODE_REQUEST_BROADCAST, NODE_ACK_BINARY)) {
            byte[] whole = hex(golden);
            for (int length = 1; length < whole.length; length++) {
                cases.add(Arguments.of("truncated to " + length + " of " + golden.substring(0, 12),
                        Arrays.copyOf(whole, length)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedMessageFailsWithIOException(String name, byte[] message) {
        assertThrows(IOException.class, () -> RedisWire.decodeMessage(message));
    }

    @Test
    void theShapesTheMalformedTablesBreakAreValid() throws IOException {
        RedisBroadcast base = RedisWire.decodeBroadcast(hex("93a16e" + packet("a178") + "80"));

        assertEquals(new RedisBroadcast("n", SocketPacket.event("/", null, array("[\"x\"]"), List.of()),
                new BroadcastOptions(Set.of(), Set.of(), false, false, null)), base);
        assertEquals(RedisWire.REMOTE_JOIN,
                RedisWire.decodeMessage("{\"type\":2,\"opts\":{}}".getBytes(UTF_8)).body().getInt("type"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The hex of {@code {type: 2, data: [<elements>]}} with one element. */
    private static String packet(String element) {
        return "82a47479706502a46461746191" + element;
    }

    private static byte[] nested(int depth) {
        return hex("91".repeat(depth - 1) + "90");
    }

    private interface PackerBody {
        void write(MessageBufferPacker out) throws IOException;
    }

    private static byte[] pack(PackerBody body) throws IOException {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            body.write(out);
            return out.toByteArray();
        }
    }

    private static String ph(int num) {
        return SocketPacket.placeholder(num).toString();
    }

    private static JsonArray array(String json) {
        return Json.createReader(new StringReader(json)).readArray();
    }

    private static JsonObject object(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
