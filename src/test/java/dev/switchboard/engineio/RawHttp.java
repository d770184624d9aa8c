package dev.switchboard.engineio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends a hand-written HTTP request over a socket, for what the JDK client won't send: any Host header, or a
 * WebSocket upgrade that must be refused before it happens.
 */
public final class RawHttp {

    /** Status line code and body of a raw response. */
    public record Response(int status, String head, String body) {

        /** The first value of a response header, or {@code null}. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /**
     * A GET from a chosen local address (any 127.x.y.z works on Linux: each looks like another client to the
     * server), with extra headers; the connection closes after the response.
     */
    public static Response getFrom(java.net.InetAddress local, URI uri, Map<String, String> headers) {
        StringBuilder req = new StringBuilder("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n");
        req.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        req.append("Connection: close\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort(), local, 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    /**
     * A WebSocket upgrade request to {@code uri} (path and query used) with extra headers. When the upgrade is
     * accepted (101), the body is the payload of the server's first frame, and the connection ends with a close
     * handshake: the container notices a TCP close without a close frame only when it next writes (the next ping),
     * so a bare close would leave the session open until then.
     */
    public static Response upgrade(URI uri, Map<String, String> headers) {
        StringBuilder req = new StringBuilder("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n");
        req.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        req.append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n");
        req.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response response = read(socket.getInputStream());
            if (response.status() == 101) {
                closeHandshake(socket);
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    /** Sends a masked close frame (1000) and reads until the server has closed its side too. */
    private static void closeHandshake(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}); // zero mask: payload as is
        out.flush();
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // the server's close frame, then end of stream
            }
        } catch (IOException e) {
            // reset or timeout: the server has let go either way
        }
    }

    /**
     * A POST that declares {@code declaredLength} bytes but sends none of them: a server that refuses it answers
     * without waiting for the body.
     */
    public static Response postHeadersOnly(URI uri, long declaredLength) {
        String req = "POST " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: " + declaredLength + "\r\n\r\n";
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    /**
     * A chunked POST (no Content-Length) that keeps sending 64 KiB chunks of {@code 4xxxx…} until the server answers
     * or {@code maxBytes} are sent; returns the server's answer.
     */
    public static Response postChunkedUntilAnswered(URI uri, long maxBytes) {
        String head = "POST " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: text/plain;charset=UTF-8\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[65536];
                java.util.Arrays.fill(chunk, (byte) 'x');
                chunk[0] = '4';
                try {
                    for (long sent = 0; sent < maxBytes; sent += chunk.length) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        chunk[0] = 'x';
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading: expected once it refused the body
                }
            }, "chunked-writer");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String headText = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(headText.split(" ")[1]);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = status == 101 ? firstFramePayload(in) : in.readNBytes(length);
        return new Response(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    /** The payload of an unmasked server frame. */
    private static byte[] firstFramePayload(InputStream in) throws IOException {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        data.readUnsignedByte();
        long length = data.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = data.readUnsignedShort();
        } else if (length == 127) {
            length = data.readLong();
        }
        return data.readNBytes((int) length);
    }
}
