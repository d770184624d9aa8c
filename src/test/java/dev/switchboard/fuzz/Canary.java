package dev.switchboard.fuzz;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.testing.Await;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved client (the official Java one, over WebSocket, in "/") that emits {@code ping-me} with a counter
 * every {@code period} while the fuzz runs and expects each to be acknowledged with its counter within
 * {@code ackTimeout}: the server keeps serving other clients, whatever the fuzz does.
 */
final class Canary implements AutoCloseable {

    private final IoClient client;
    private final Duration ackTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-canary");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final Map<Integer, Long> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    private Canary(IoClient client, Duration period, Duration ackTimeout) {
        this.client = client;
        this.ackTimeout = ackTimeout;
        timer.scheduleAtFixedRate(this::ping, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Canary start(URI base, Duration period, Duration ackTimeout) {
        return new Canary(IoClient.connect(base, Transports.WEBSOCKET), period, ackTimeout);
    }

    private void ping() {
        int n = sent.incrementAndGet();
        long now = System.nanoTime();
        pending.put(n, now);
        for (Map.Entry<Integer, Long> waiting : pending.entrySet()) {
            if (now - waiting.getValue() > ackTimeout.toNanos() && pending.remove(waiting.getKey()) != null) {
                problems.add("ping " + waiting.getKey() + " was not acknowledged within " + ackTimeout);
            }
        }
        client.socket().emit("ping-me", n, (Ack) args -> acked(n, args));
    }

    private void acked(int n, Object[] args) {
        Long sentAt = pending.remove(n);
        if (sentAt == null) {
            return; // already reported as late
        }
        long took = System.nanoTime() - sentAt;
        slowestNanos.accumulateAndGet(took, Math::max);
        acked.incrementAndGet();
        if (args.length != 1 || !Integer.valueOf(n).equals(args[0])) {
            problems.add("ping " + n + " was acknowledged with " + java.util.Arrays.toString(args));
        }
    }

    /** Stops pinging, waits for the last answers, and returns what went wrong (empty when nothing did). */
    String stopAndCheck() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            problems.add("the canary's timer did not stop");
        }
        try {
            Await.until("the canary's last pings to be acknowledged", ackTimeout, pending::isEmpty);
        } catch (AssertionError late) {
            problems.add(pending.size() + " pings were never acknowledged: " + pending.keySet());
        }
        if (!client.nothingQueued(Socket.EVENT_DISCONNECT)) {
            problems.add("the canary was disconnected");
        }
        if (sent.get() < 10) {
            problems.add("only " + sent.get() + " pings were sent");
        }
        return String.join("; ", problems);
    }

    String summary() {
        return acked.get() + "/" + sent.get() + " canary pings acknowledged, slowest in "
                + TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()) + " ms";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close();
    }
}
