package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 packet and payload codec.
 * <ul>
 *   <li>WebSocket: one packet per frame; text frames are {@code <type><data>}, a binary frame is a message whose
 *       bytes are the whole frame (no type byte).</li>
 *   <li>HTTP long-polling: packets joined with the record separator {@code \x1e}; a binary message is written
 *       as {@code b<base64>}.</li>
 * </ul>
 */
public final class EngineCodec {

    public static final char RECORD_SEPARATOR = '\u001e';
    private static final char BINARY_MARKER = 'b';

    private EngineCodec() {
    }

    /** Encodes a text packet as a WebSocket text frame. */
    public static String encodeFrame(EnginePacket packet) {
        if (packet.isBinary()) {
            throw new IllegalArgumentException("binary packets go out as binary frames");
        }
        return packet.type().code() + packet.text();
    }

    /** Decodes a WebSocket text frame. */
    public static EnginePacket decodeFrame(String frame) throws ProtocolException {
        if (frame == null || frame.isEmpty()) {
            throw new ProtocolException(ProtocolError.EMPTY_PACKET, null);
        }
        EnginePacketType type = EnginePacketType.fromCode(frame.charAt(0));
        if (type == null) {
            throw new ProtocolException(ProtocolError.UNKNOWN_PACKET_TYPE, quote(frame.charAt(0)));
        }
        return EnginePacket.of(type, frame.substring(1));
    }

    /** Decodes a WebSocket binary frame: always a binary message. */
    public static EnginePacket decodeFrame(byte[] frame) {
        return EnginePacket.message(frame);
    }

    /** Encodes packets for one polling response. */
    public static String encodePayload(List<EnginePacket> packets) {
        StringBuilder out = new StringBuilder();
        for (EnginePacket packet : packets) {
            if (!out.isEmpty()) {
                out.append(RECORD_SEPARATOR);
            }
            if (packet.isBinary()) {
                out.append(BINARY_MARKER).append(Base64.getEncoder().encodeToString(packet.binary()));
            } else {
                out.append(packet.type().code()).append(packet.text());
            }
        }
        return out.toString();
    }

    /**
     * Decodes the body of a polling POST.
     *
     * @param maxPackets the most packets one payload may hold; more is an error rather than unbounded work
     */
    public static List<EnginePacket> decodePayload(String payload, int maxPackets) throws ProtocolException {
        if (payload == null || payload.isEmpty()) {
            throw new ProtocolException(ProtocolError.EMPTY_PACKET, "empty payload");
        }
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf(RECORD_SEPARATOR, start);
            if (end < 0) {
                end = payload.length();
            }
            if (packets.size() == maxPackets) {
                throw new ProtocolException(ProtocolError.TOO_MANY_PACKETS, "more than " + maxPackets);
            }
            packets.add(decodePayloadPacket(payload.substring(start, end)));
            start = end + 1;
        }
        return packets;
    }

    private static EnginePacket decodePayloadPacket(String encoded) throws ProtocolException {
        if (!encoded.isEmpty() && encoded.charAt(0) == BINARY_MARKER) {
            try {
                return EnginePacket.message(Base64.getDecoder().decode(withoutLineBreaks(encoded.substring(1))));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ProtocolError.INVALID_BASE64, e.getMessage());
            }
        }
        return decodeFrame(encoded);
    }

    /** Some clients (the Java one) wrap base64 in MIME style, with line breaks; they carry no data. */
    private static String withoutLineBreaks(String base64) {
        return base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0 ? base64
                : base64.replace("\r", "").replace("\n", "");
    }

    private static String quote(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
