package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many Socket.IO clients on one NIO selector thread, speaking the public protocol over WebSocket and doing as
 * little as it can per message: it finds the sequence and timestamp in each {@code 42["chat",…]} frame by
 * scanning bytes, records the latency, answers Engine.IO pings, and nothing else. Every client joins the main
 * namespace {@code /} with an empty CONNECT.
 * <p>
 * All state is touched by the selector thread only; other threads read the published counters and ask for
 * connections through {@link #connect}.
 */
final class Swarm implements AutoCloseable {

    private static final int MAX_JOINING = 256;
    private static final byte[] SEQ = "\"s\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<InetSocketAddress> pending = new ConcurrentLinkedQueue<>();
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicLong frames = new AtomicLong();
    private volatile boolean running = true;
    private volatile String firstError;

    /** Deliveries of the current step, and its latencies: read by the driver between steps. */
    private volatile int step = -1;
    private final AtomicLong stepReceived = new AtomicLong();
    private volatile Histogram stepLatency = new Histogram();
    private final String path;

    Swarm(String path) throws IOException {
        this.path = path;
        selector = Selector.open();
        thread = new Thread(this::loop, "swarm");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens {@code count} connections to {@code address} (they connect in the background). */
    void connect(InetSocketAddress address, int count) {
        for (int i = 0; i < count; i++) {
            pending.add(address);
        }
        selector.wakeup();
    }

    int connected() {
        return connected.get();
    }

    int failed() {
        return failed.get();
    }

    /** Why the first connection failed, or null. */
    String firstError() {
        return firstError;
    }

    int closed() {
        return closed.get();
    }

    long frames() {
        return frames.get();
    }

    /** Starts counting deliveries of messages tagged with {@code number}; returns the previous step's figures. */
    StepResult beginStep(int number) {
        StepResult previous = new StepResult(stepReceived.getAndSet(0), stepLatency);
        stepLatency = new Histogram();
        step = number;
        return previous;
    }

    long stepReceived() {
        return stepReceived.get();
    }

    Histogram stepLatency() {
        return stepLatency;
    }

    /** What one step delivered. */
    record StepResult(long received, Histogram latency) {
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Conn c : conns) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---- the selector thread ------------------------------------------------------------------------------

    private void loop() {
        try {
            while (running) {
                openPending();
                // the consumer form of select: no selected-key set to fill and clear on every turn
                selector.select(this::ready, 100);
            }
        } catch (IOException e) {
            throw new IllegalStateException("selector failed", e);
        }
    }

    private void ready(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                c.finishConnect();
            }
            if (key.isValid() && key.isReadable()) {
                c.read();
            }
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
        } catch (IOException | RuntimeException e) {
            c.fail(e.toString());
        }
    }

    /**
     * Starts at most 200 connects per turn, so a burst of 10,000 does not starve reading, and keeps at most
     * {@link #MAX_JOINING} connections between connect and CONNECT at a time: a server is measured on how fast it
     * takes connections, not on the size of its accept backlog.
     */
    private void openPending() throws IOException {
        for (int i = 0; i < 200 && conns.size() - connected.get() - failed.get() < MAX_JOINING; i++) {
            InetSocketAddress address = pending.poll();
            if (address == null) {
                return;
            }
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(channel, address);
            conns.add(c);
            c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
            if (channel.connect(address)) {
                c.finishConnect();
            }
        }
    }

    private final class Conn {
        final SocketChannel channel;
        final InetSocketAddress address;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocateDirect(4096); // a heap buffer would cost a copy per read
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        boolean upgraded;
        boolean joined;
        boolean dead;

        Conn(SocketChannel channel, InetSocketAddress address) {
            this.channel = channel;
            this.address = address;
        }

        void finishConnect() throws IOException {
            if (!channel.finishConnect()) {
                return;
            }
            String request = "GET " + path + "?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: c3dpdGNoYm9hcmQtc3dybQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            key.interestOps(SelectionKey.OP_READ);
            send(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        void read() throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                fail(upgraded ? "closed by the server" : "closed by the server before the upgrade");
                return;
            }
            in.flip();
            if (!upgraded && !readUpgrade()) {
                in.compact();
                return;
            }
            while (readFrame()) {
                // one frame handled
            }
            in.compact();
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(in.capacity() * 2);
                in.flip();
                bigger.put(in);
                in = bigger;
            }
        }

        /** Consumes the HTTP 101 response; false while it is incomplete. */
        private boolean readUpgrade() throws IOException {
            int end = -1;
            for (int i = in.position(); i + 3 < in.limit(); i++) {
                if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                    end = i + 4;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            String status = StandardCharsets.US_ASCII.decode(in.slice(in.position(), Math.min(12, end))).toString();
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + status);
            }
            in.position(end);
            upgraded = true;
            return true;
        }

        /** Handles one complete frame at the buffer's position; false when none is complete. */
        private boolean readFrame() throws IOException {
            int start = in.position();
            int available = in.remaining();
            if (available < 2) {
                return false;
            }
            int b0 = in.get(start) & 0xff;
            int b1 = in.get(start + 1) & 0x7f;
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (available < 4) {
                    return false;
                }
                length = ((in.get(start + 2) & 0xff) << 8) | (in.get(start + 3) & 0xff);
                header = 4;
            } else if (b1 == 127) {
                if (available < 10) {
                    return false;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            if (available < header + length) {
                return false;
            }
            int payload = start + header;
            int opcode = b0 & 0x0f;
            in.position(payload + (int) length);
            frames.incrementAndGet();
            switch (opcode) {
                case 0x1, 0x0 -> text(payload, (int) length);
                case 0x8 -> fail("close frame");
                case 0x9 -> send(frame(0xA, new byte[0]));
                default -> {
                    // binary and pong frames carry nothing the bench needs
                }
            }
            return true;
        }

        private void text(int at, int length) throws IOException {
            if (length == 0) {
                return;
            }
            byte type = in.get(at);
            if (type == '4' && length > 1 && in.get(at + 1) == '2') {
                delivered(at, length);
            } else if (type == '2') {
                send(frame(0x1, new byte[] {'3'}));
            } else if (type == '0') {
                send(frame(0x1, new byte[] {'4', '0'}));
            } else if (type == '4' && length > 1 && in.get(at + 1) == '0' && !joined) {
                joined = true;
                connected.incrementAndGet();
            } else if (type == '1') {
                fail("Engine.IO close packet");
            }
        }

        private void delivered(int at, int length) {
            long seqStep = number(at, length, SEQ);
            if (seqStep != step) {
                return;
            }
            long sent = number(at, length, TIME);
            stepReceived.incrementAndGet();
            if (sent > 0) {
                stepLatency.record((System.nanoTime() - sent) / 1_000);
            }
        }

        /** The non-negative integer after {@code key} in the frame, or -1. */
        private long number(int at, int length, byte[] key) {
            int end = at + length - key.length;
            outer:
            for (int i = at; i < end; i++) {
                for (int k = 0; k < key.length; k++) {
                    if (in.get(i + k) != key[k]) {
                        continue outer;
                    }
                }
                long value = 0;
                int j = i + key.length;
                boolean any = false;
                while (j < at + length) {
                    byte d = in.get(j++);
                    if (d < '0' || d > '9') {
                        break;
                    }
                    value = value * 10 + (d - '0');
                    any = true;
                }
                return any ? value : -1;
            }
            return -1;
        }

        void send(ByteBuffer data) throws IOException {
            if (out.isEmpty()) {
                channel.write(data);
                if (!data.hasRemaining()) {
                    return;
                }
            }
            out.add(data);
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }

        void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    return;
                }
                out.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void fail(String why) {
            if (dead) {
                return;
            }
            dead = true;
            if (!joined && firstError == null) {
                firstError = why;
            }
            if (joined) {
                closed.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // gone anyway
            }
        }
    }

    /** A masked client frame (mask key zero: the payload goes out as is). */
    static ByteBuffer frame(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 6 : 8;
        ByteBuffer b = ByteBuffer.allocate(header + payload.length);
        b.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            b.put((byte) (0x80 | payload.length));
        } else {
            b.put((byte) (0x80 | 126));
            b.putShort((short) payload.length);
        }
        b.putInt(0);
        b.put(payload);
        return b.flip();
    }
}
