package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a WebSocket server sends, byte by byte, for tests that look below a WebSocket client: the head of the
 * upgrade answer, and frames as they are on the wire (RFC 6455 section 5.2).
 */
public final class ServerFrames {

    private ServerFrames() {
    }

    /** One frame: the FIN bit, the three reserved (extension) bits, the opcode and the payload. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or 1005 when it carried none. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** The status line and headers of the answer to an upgrade request, up to the blank line. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The next frame; a masked one is an error (a server must not mask, section 5.1). */
    public static Frame read(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0F, payload);
    }
}
