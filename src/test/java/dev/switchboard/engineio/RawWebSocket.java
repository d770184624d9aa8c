package dev.switchboard.engineio;

import dev.switchboard.testing.ServerFrames.Frame;
import dev.switchboard.testing.ServerFrames;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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
        return new RawWebSocket(socket, ServerFrames.readHead(socket.getInputStream()));
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
        return ServerFrames.read(in);
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
