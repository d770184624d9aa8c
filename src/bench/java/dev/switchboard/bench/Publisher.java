package dev.switchboard.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * One Socket.IO client that emits {@code chat} with a ~100-byte object at a fixed rate:
 * {@code {"t":<System.nanoTime()>,"s":<step>,"p":"…"}}. The swarm runs in the same JVM, so the send time is
 * comparable with the receive time. A reader thread answers pings and discards the rest (the server's
 * re-broadcast reaches the publisher too).
 */
final class Publisher implements AutoCloseable {

    private static final String PAD = "x".repeat(60);

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private volatile boolean open = true;

    Publisher(InetSocketAddress address, String path) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        String request = "GET " + path + "?EIO=4&transport=websocket HTTP/1.1\r\n"
                + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: c3dpdGNoYm9hcmQtcHViIQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String status = readHead(in);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("publisher upgrade refused: " + status);
        }
        String open = readText(in);
        if (!open.startsWith("0")) {
            throw new IOException("expected an Engine.IO open packet, got " + open);
        }
        write("40");
        String connect;
        do {
            connect = readText(in);
        } while (connect.startsWith("2") && answerPing());
        if (!connect.startsWith("40")) {
            throw new IOException("expected CONNECT, got " + connect);
        }
        socket.setSoTimeout(0);
        reader = new Thread(() -> drain(in), "publisher-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Emits {@code count} messages tagged {@code step} at {@code rate} per second; returns how many it sent
     * (fewer only if the connection failed).
     */
    int publish(int step, double rate, int count) throws IOException {
        long interval = (long) (1_000_000_000L / rate);
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                write("42[\"chat\",{\"t\":" + System.nanoTime() + ",\"s\":" + step + ",\"p\":\"" + PAD + "\"}]");
            } catch (IOException e) {
                // the server cut this connection: under overload it is one of the clients whose queue grew too
                // long (it receives the re-broadcast like the others)
                open = false;
                return i;
            }
            next += interval;
        }
        return count;
    }

    boolean isOpen() {
        return open && !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        open = false;
        socket.close();
    }

    private synchronized void write(String text) throws IOException {
        ByteBuffer frame = Swarm.frame(0x1, text.getBytes(StandardCharsets.UTF_8));
        out.write(frame.array(), 0, frame.limit());
    }

    private boolean answerPing() throws IOException {
        write("3");
        return true;
    }

    private void drain(DataInputStream in) {
        try {
            while (open) {
                String text = readText(in);
                if (text.equals("2")) {
                    write("3");
                }
            }
        } catch (IOException e) {
            open = false;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed during the upgrade");
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** The next text frame's payload (control frames other than close are skipped). */
    private static String readText(DataInputStream in) throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                throw new IOException("closed by the server");
            }
            if (opcode == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }
}
