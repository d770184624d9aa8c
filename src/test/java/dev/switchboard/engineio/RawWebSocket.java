package dev.switchboard.engineio;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client on a bare socket, for tests that need frames a well-behaved client never sends (unmasked,
 * fragmented, pings, broken UTF-8) and to see the server's frames as they are (close codes, pongs).
 */
final class RawWebSocket implements AutoCloseable {

    /** One frame from the server: FIN, opcode and payload (server frames are not masked). */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or 1005 when it carried none. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** RFC 6455 section 1.3: the accept value for {@link #KEY}. */
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The status line and headers of the server's answer to the upgrade request. */
    final String responseHead;

    private RawWebSocket(Socket socket, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.responseHead = responseHead;
    }

    /** Sends the upgrade request for {@code ws://host:port/path?query} and reads the answer's head. */
    static RawWebSocket connect(URI uri, Duration timeout) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) timeout.toMillis());
        String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        var raw = socket.getInputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        return new RawWebSocket(socket, head.toString(StandardCharsets.ISO_8859_1));
    }

    /** Sends one frame: {@code first} is the FIN bit and opcode; masked unless {@code masked} is false. */
    RawWebSocket send(int first, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(first);
        int m = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(m | payload.length);
        } else {
            f.write(m | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            f.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        out.write(f.toByteArray());
        out.flush();
        return this;
    }

    RawWebSocket send(int first, String text) throws IOException {
        return send(first, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The next frame from the server (the socket's timeout applies). */
    Frame next() throws IOException {
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
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /** True when the server closed the TCP connection: the next read ends the stream. */
    boolean endOfStream() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
