package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private static final int LIMIT = 1000;

    /** Records every callback as one line, binary payloads in hex. */
    private static final class Events implements FrameDecoder.Sink {
        final List<String> seen = new ArrayList<>();

        public void text(String message) {
            seen.add("text " + message);
        }

        public void binary(byte[] message) {
            seen.add("binary " + HexFormat.of().formatHex(message));
        }

        public void ping(byte[] payload) {
            seen.add("ping " + new String(payload, StandardCharsets.UTF_8));
        }

        public void pong(byte[] payload) {
            seen.add("pong " + new String(payload, StandardCharsets.UTF_8));
        }

        public void closed(int code, String reason) {
            seen.add("close " + code + " " + reason);
        }

        public void fail(int code, String reason) {
            seen.add("fail " + code);
        }
    }

    /** A client frame: FIN and opcode in the first byte, masked with a fixed non-zero key. */
    private static byte[] frame(int first, byte[] payload) {
        return frame(first, payload, true);
    }

    private static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int m = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(m | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(m | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(m | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)));
            }
        }
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<String> decode(byte[] stream) {
        Events events = new Events();
        new FrameDecoder(LIMIT, events).feed(ByteBuffer.wrap(stream));
        return events.seen;
    }

    /** The same stream cut into chunks of {@code size} bytes. */
    private static List<String> decodeInChunks(byte[] stream, int size) {
        Events events = new Events();
        FrameDecoder decoder = new FrameDecoder(LIMIT, events);
        for (int at = 0; at < stream.length; at += size) {
            ByteBuffer chunk = ByteBuffer.wrap(stream, at, Math.min(size, stream.length - at));
            decoder.feed(chunk);
            assertEquals(0, chunk.remaining(), "every byte of a chunk is read");
        }
        return events.seen;
    }

    private static byte[] closeBody(int code, String reason) {
        return concat(new byte[] {(byte) (code >>> 8), (byte) code}, utf8(reason));
    }

    @Test
    void wholeTextAndBinaryMessagesArriveUnmasked() {
        byte[] stream = concat(frame(0x81, utf8("42[\"chat\",\"héllo\"]")), frame(0x82, new byte[] {4, 1, 2, (byte) 0xff}));
        assertEquals(List.of("text 42[\"chat\",\"héllo\"]", "binary 040102ff"), decode(stream));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 13})
    void chunkBoundariesAnywhereGiveTheSameMessages(int size) {
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 'x');
        byte[] stream = concat(frame(0x81, utf8("2")), frame(0x81, big), frame(0x01, utf8("4")),
                frame(0x89, utf8("p")), frame(0x80, utf8("0")), frame(0x8A, new byte[0]));
        List<String> expected = List.of("text 2", "text " + "x".repeat(300), "ping p", "text 40", "pong ");
        assertEquals(expected, decode(stream));
        assertEquals(expected, decodeInChunks(stream, size));
    }

    @Test
    void sixteenAndSixtyFourBitLengthsAreRead() {
        byte[] mid = new byte[500];
        Arrays.fill(mid, (byte) 'a');
        Events events = new Events();
        new FrameDecoder(100_000, events).feed(ByteBuffer.wrap(concat(frame(0x81, mid), frame(0x82, new byte[70_000]))));
        assertEquals(2, events.seen.size());
        assertEquals("text " + "a".repeat(500), events.seen.get(0));
        assertEquals("binary " + "00".repeat(70_000), events.seen.get(1));
    }

    @Test
    void fragmentedMessageWithPingBetweenIsAssembled() {
        byte[] stream = concat(frame(0x02, new byte[] {1, 2}), frame(0x89, utf8("hi")), frame(0x00, new byte[] {3}),
                frame(0x80, new byte[] {4}));
        assertEquals(List.of("ping hi", "binary 01020304"), decode(stream));
    }

    @Test
    void utf8SequenceSplitAcrossFragmentsIsValid() {
        byte[] e = utf8("é");
        byte[] stream = concat(frame(0x01, new byte[] {'4', e[0]}), frame(0x80, new byte[] {e[1]}));
        assertEquals(List.of("text 4é"), decode(stream));
    }

    @Test
    void emptyMessagesAreMessages() {
        assertEquals(List.of("text ", "binary "), decode(concat(frame(0x81, new byte[0]), frame(0x82, new byte[0]))));
    }

    @Test
    void closeFrameGivesCodeAndReasonAndEndsTheStream() {
        byte[] stream = concat(frame(0x88, closeBody(1000, "bye")), frame(0x81, utf8("ignored")));
        assertEquals(List.of("close 1000 bye"), decode(stream));
        assertEquals(List.of("close 1005 "), decode(frame(0x88, new byte[0])));
        assertEquals(List.of("close 4001 app"), decode(frame(0x88, closeBody(4001, "app"))));
    }

    @Test
    void finishedAfterCloseOrFailure() {
        Events events = new Events();
        FrameDecoder decoder = new FrameDecoder(LIMIT, events);
        decoder.feed(ByteBuffer.wrap(frame(0x81, utf8("4"))));
        assertFalse(decoder.finished());
        decoder.feed(ByteBuffer.wrap(frame(0x88, new byte[0])));
        assertTrue(decoder.finished());
    }

    /** Streams a server must refuse, each with the close code it answers with; nothing after is read. */
    @Test
    void brokenStreamsFailWithTheirCloseCode() {
        byte[] after = frame(0x81, utf8("never"));
        byte[] tooLongLength = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        Object[][] cases = {
            {"unmasked", frame(0x81, utf8("4"), false), 1002},
            {"reserved bit", frame(0xC1, utf8("4")), 1002},
            {"reserved data opcode", frame(0x83, utf8("4")), 1002},
            {"reserved control opcode", frame(0x8B, utf8("4")), 1002},
            {"fragmented ping", frame(0x09, utf8("p")), 1002},
            {"ping over 125 bytes", frame(0x89, new byte[126]), 1002},
            {"continuation without a message", frame(0x80, utf8("4")), 1002},
            {"new message inside one", concat(frame(0x01, utf8("4")), frame(0x81, utf8("2"))), 1002},
            {"64-bit length with the top bit", tooLongLength, 1002},
            {"close with one byte", frame(0x88, new byte[] {3}), 1002},
            {"close code 1005", frame(0x88, closeBody(1005, "")), 1002},
            {"close code 999", frame(0x88, closeBody(999, "")), 1002},
            {"close code 2000", frame(0x88, closeBody(2000, "")), 1002},
            {"close reason not UTF-8", frame(0x88, concat(closeBody(1000, ""), new byte[] {(byte) 0xC3})), 1007},
            {"text not UTF-8", frame(0x81, new byte[] {'4', (byte) 0xFF}), 1007},
            {"truncated UTF-8", frame(0x81, new byte[] {'4', (byte) 0xE2, (byte) 0x82}), 1007},
            {"one message over the limit", frame(0x82, new byte[LIMIT + 1]), 1009},
            {"fragments over the limit", concat(frame(0x02, new byte[LIMIT]), frame(0x80, new byte[1])), 1009},
        };
        for (Object[] c : cases) {
            byte[] stream = concat((byte[]) c[1], after);
            assertEquals(List.of("fail " + c[2]), decode(stream), (String) c[0]);
            assertEquals(List.of("fail " + c[2]), decodeInChunks(stream, 1), c[0] + ", byte by byte");
        }
    }

    @Test
    void messageOverTheLimitFailsFromItsHeaderAlone() {
        Events events = new Events();
        byte[] header = Arrays.copyOf(frame(0x82, new byte[LIMIT + 1]), 4);
        new FrameDecoder(LIMIT, events).feed(ByteBuffer.wrap(header));
        assertEquals(List.of("fail 1009"), events.seen);
    }

    @Test
    void messageAtTheLimitIsAccepted() {
        assertEquals(1, decode(frame(0x82, new byte[LIMIT])).size());
        assertEquals("binary " + "00".repeat(LIMIT), decode(frame(0x82, new byte[LIMIT])).get(0));
    }

    @Test
    void sendableCloseCodesFollowTheRfc() {
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999}) {
            assertTrue(FrameDecoder.sendable(code), String.valueOf(code));
        }
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            assertFalse(FrameDecoder.sendable(code), String.valueOf(code));
        }
    }
}
