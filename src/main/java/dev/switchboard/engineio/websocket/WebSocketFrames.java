package dev.switchboard.engineio.websocket;

import dev.switchboard.protocol.EngineCodec;
import dev.switchboard.protocol.EnginePacket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-to-client WebSocket frames (RFC 6455 section 5.2) for the raw-frame fast path: one unfragmented, unmasked
 * frame per Engine.IO packet, text for text packets and binary for binary ones. No extension may be negotiated on
 * a connection that gets these bytes (they carry no compression bits).
 * <p>
 * A broadcast puts the same {@link EnginePacket} instance in every recipient's outbox, so each thread keeps the
 * last few frames it encoded, keyed by packet identity: a broadcast's frame is encoded once per writing thread,
 * not once per recipient. Frames over 8 KB are not kept.
 */
final class WebSocketFrames {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;
    private static final int CACHED = 16;
    /** Larger frames are not kept (a thread's cache stays small); big broadcasts are rare and cost their size. */
    private static final int CACHED_MAX_BYTES = 8 * 1024;
    private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

    private WebSocketFrames() {
    }

    /** One frame holding the packet: text frames hold the packet's Engine.IO encoding in UTF-8. */
    static byte[] encode(EnginePacket packet) {
        return packet.isBinary() ? frame(OPCODE_BINARY, packet.binary())
                : frame(OPCODE_TEXT, EngineCodec.encodeFrame(packet).getBytes(StandardCharsets.UTF_8));
    }

    /** One final, unmasked frame of {@code opcode} holding {@code payload} (also control frames: pong, close). */
    static byte[] frame(int opcode, byte[] payload) {
        int header = headerLength(payload.length);
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) (FIN | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) payload.length;
        } else if (payload.length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = 127;
            long n = payload.length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, payload.length);
        return frame;
    }

    /** The header length of an unmasked frame with {@code payload} bytes. */
    static int headerLength(int payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }

    /** The payload length written in a frame's header. */
    static long payloadLength(byte[] frame) {
        int n = frame[1] & 0x7F;
        if (n < 126) {
            return n;
        }
        if (n == 126) {
            return ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (frame[2 + i] & 0xFF);
        }
        return v;
    }

    /** The frame of a packet, from this thread's cache when it encoded the same packet instance lately. */
    static byte[] cached(EnginePacket packet) {
        return CACHE.get().frame(packet);
    }

    /** The frames of the packets, back to back, for one socket write. */
    static byte[] concat(List<byte[]> frames, int total) {
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    /** A small ring of (packet, frame) pairs compared by identity. */
    private static final class Cache {
        private final EnginePacket[] packets = new EnginePacket[CACHED];
        private final byte[][] frames = new byte[CACHED][];
        private int next;

        byte[] frame(EnginePacket packet) {
            for (int i = 0; i < CACHED; i++) {
                if (packets[i] == packet) {
                    return frames[i];
                }
            }
            byte[] frame = encode(packet);
            if (frame.length > CACHED_MAX_BYTES) {
                return frame;
            }
            packets[next] = packet;
            frames[next] = frame;
            next = (next + 1) % CACHED;
            return frame;
        }
    }
}
