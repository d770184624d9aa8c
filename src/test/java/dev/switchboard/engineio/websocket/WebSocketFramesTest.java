package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.protocol.EnginePacket;
import dev.switchboard.protocol.EnginePacketType;
import dev.switchboard.testing.ServerFrames;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

    private static List<ServerFrames.Frame> read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        List<ServerFrames.Frame> frames = new ArrayList<>();
        while (in.available() > 0) {
            ServerFrames.Frame frame = ServerFrames.read(in); // fails on a masked frame
            assertEquals(0, frame.rsv(), "no extension bits");
            frames.add(frame);
        }
        return frames;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 124, 125, 126, 127, 65_535, 65_536, 1_000_000})
    void textFrameCarriesTheEncodedPacketWithTheRightLengthForm(int size) throws IOException {
        EnginePacket packet = EnginePacket.message("x".repeat(size));
        byte[] frame = WebSocketFrames.encode(packet);
        int payload = size + 1; // the "4" of a message packet
        assertEquals(WebSocketFrames.headerLength(payload) + payload, frame.length);
        assertEquals(payload, WebSocketFrames.payloadLength(frame));
        ServerFrames.Frame r = read(frame).get(0);
        assertEquals(true, r.fin());
        assertEquals(1, r.opcode());
        assertEquals("4" + "x".repeat(size), new String(r.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void headerLengthsFollowRfc6455() {
        assertEquals(2, WebSocketFrames.headerLength(125));
        assertEquals(4, WebSocketFrames.headerLength(126));
        assertEquals(4, WebSocketFrames.headerLength(65_535));
        assertEquals(10, WebSocketFrames.headerLength(65_536));
    }

    @Test
    void textIsUtf8() throws IOException {
        byte[] frame = WebSocketFrames.encode(EnginePacket.message("héllo €𝄞"));
        assertEquals("4héllo €𝄞", new String(read(frame).get(0).payload(), StandardCharsets.UTF_8));
        assertEquals("4héllo €𝄞".getBytes(StandardCharsets.UTF_8).length, WebSocketFrames.payloadLength(frame));
    }

    @Test
    void binaryPacketIsABinaryFrameOfItsBytes() throws IOException {
        byte[] data = {0, 1, 2, (byte) 0xFF};
        ServerFrames.Frame r = read(WebSocketFrames.encode(EnginePacket.message(data))).get(0);
        assertEquals(2, r.opcode());
        assertArrayEquals(data, r.payload());
    }

    @Test
    void controlPacketsAreTextFramesOfTheirType() throws IOException {
        assertEquals("2", new String(read(WebSocketFrames.encode(EnginePacket.PING)).get(0).payload(),
                StandardCharsets.UTF_8));
        assertEquals("3probe", new String(read(WebSocketFrames.encode(
                EnginePacket.of(EnginePacketType.PONG, "probe"))).get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void concatenatedFramesReadBackInOrder() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < 5; i++) {
            byte[] f = WebSocketFrames.encode(EnginePacket.message("m" + i + "y".repeat(i * 60)));
            frames.add(f);
            total += f.length;
        }
        List<ServerFrames.Frame> back = read(WebSocketFrames.concat(frames, total));
        assertEquals(5, back.size());
        for (int i = 0; i < 5; i++) {
            assertEquals("4m" + i + "y".repeat(i * 60), new String(back.get(i).payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theSamePacketInstanceIsEncodedOncePerThreadAndEqualPacketsAreNotConfused() {
        EnginePacket a = EnginePacket.message("same text");
        EnginePacket b = EnginePacket.message("same text");
        byte[] first = WebSocketFrames.cached(a);
        assertSame(first, WebSocketFrames.cached(a));
        assertNotSame(first, WebSocketFrames.cached(b));
        assertArrayEquals(first, WebSocketFrames.cached(b));
    }

    @Test
    void largeFramesAreNotKept() {
        EnginePacket big = EnginePacket.message("z".repeat(20_000));
        assertNotSame(WebSocketFrames.cached(big), WebSocketFrames.cached(big));
    }

    @Test
    void closeFrameKeepsTheCodeAndCutsALongReasonBetweenCharacters() throws IOException {
        ServerFrames.Frame close = read(GrizzlyWebSocket.closeFrame(1009, "€".repeat(60))).get(0);
        assertEquals(0x8, close.opcode());
        assertEquals(1009, close.closeCode());
        assertEquals(2 + 123, close.payload().length, "41 whole three-byte characters: 123 bytes");
        assertEquals("€".repeat(41), new String(close.payload(), 2, 123, StandardCharsets.UTF_8));
        ServerFrames.Frame pong = read(WebSocketFrames.frame(0xA, new byte[] {1, 2, 3})).get(0);
        assertEquals(0xA, pong.opcode());
        assertArrayEquals(new byte[] {1, 2, 3}, pong.payload());
    }
}
