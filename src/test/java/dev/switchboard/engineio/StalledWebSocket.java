package dev.switchboard.engineio;

import dev.switchboard.testing.ServerFrames;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Socket.IO client that stops reading: a plain socket with a small receive buffer does the WebSocket handshake
 * by hand, joins namespace {@code /}, reads its CONNECT answer and then never reads again, so what the server sends
 * piles up in TCP buffers and then in the server's send queue for it.
 */
public final class StalledWebSocket implements AutoCloseable {

    private final Socket socket;
    private final String socketId;

    private StalledWebSocket(Socket socket, String socketId) {
        this.socket = socket;
        this.socketId = socketId;
    }

    /** Connects to the engine at {@code engine} ({@code http://host:port/socket.io/}) with extra headers. */
    public static StalledWebSocket open(URI engine, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connect: it limits the window the server may fill
        socket.connect(new java.net.InetSocketAddress(engine.getHost(), engine.getPort()), 5000);
        socket.setSoTimeout(10_000);
        StringBuilder req = new StringBuilder("GET " + engine.getRawPath() + "?EIO=4&transport=websocket HTTP/1.1\r\n");
        req.append("Host: ").append(engine.getHost()).append(':').append(engine.getPort()).append("\r\n");
        req.append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n");
        req.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String head = ServerFrames.readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new AssertionError("upgrade refused: " + head);
        }
        String open = readTextFrame(in);
        if (!open.startsWith("0{")) {
            socket.close();
            throw new AssertionError("expected the open packet, got " + open);
        }
        writeMaskedText(out, "40");
        String connect = readTextFrame(in);
        if (!connect.startsWith("40{")) {
            socket.close();
            throw new AssertionError("expected the CONNECT answer, got " + connect);
        }
        String sid = jakarta.json.Json.createReader(new java.io.StringReader(connect.substring(2))).readObject()
                .getString("sid");
        return new StalledWebSocket(socket, sid);
    }

    /** The Socket.IO socket id the server gave it in namespace {@code /}. */
    public String socketId() {
        return socketId;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads one server frame, which must be a text frame. */
    private static String readTextFrame(DataInputStream in) throws IOException {
        ServerFrames.Frame frame = ServerFrames.read(in);
        if (frame.opcode() != 1) {
            throw new IOException("expected a text frame, got opcode " + frame.opcode());
        }
        return frame.text();
    }

    private static void writeMaskedText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        out.write(0x80 | payload.length); // short frames only
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }
}
