package dev.switchboard.engineio;

import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test-only Socket.IO handlers for AbuseIT, on {@code /} (next to the chat demo's) and on {@code /abuse} (where a
 * test's controlling client gets none of the broadcasts): {@code abuse:echo} acknowledges its arguments,
 * {@code abuse:blast} broadcasts large messages to everyone on {@code /} at a steady pace, {@code abuse:reason-of}
 * answers why a socket of {@code /} disconnected.
 */
@ApplicationScoped
public class AbuseTestHandlers {

    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    @Resource
    private ManagedScheduledExecutorService scheduler;

    void install(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoServer io) {
        io.of("/").onDisconnect((socket, reason) -> reasons.put(socket.id(), reason.reason()));
        for (String name : List.of("/", "/abuse")) {
            install(io.of(name), io);
        }
    }

    private void install(SocketIoNamespace namespace, SocketIoServer io) {
        namespace.on("abuse:echo", (socket, event) -> event.ack().send(event.args().values()));
        namespace.on("abuse:reason-of", (socket, event) -> event.ack().send(reasons.get(event.arg(0, String.class))));
        // blast(count, size, intervalMs): "blast" [i, when it was due (ms), size characters] to everyone, one
        // every intervalMs, then "blast-done" [count, the longest one emit call took (ms)]; a broadcast held up anywhere arrives late against its due time
        namespace.on("abuse:blast", (socket, event) -> {
            int count = event.arg(0, Integer.class);
            String payload = "x".repeat(event.arg(1, Integer.class));
            long interval = event.arg(2, Long.class);
            AtomicInteger next = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong slowestEmit = new java.util.concurrent.atomic.AtomicLong();
            long start = System.currentTimeMillis();
            AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
            task.set(scheduler.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < count) {
                    long t0 = System.nanoTime();
                    io.emit("blast", i, start + (i + 1) * interval, payload);
                    slowestEmit.accumulateAndGet(System.nanoTime() - t0, Math::max);
                }
                if (i >= count - 1) {
                    if (i == count - 1) {
                        io.emit("blast-done", count, TimeUnit.NANOSECONDS.toMillis(slowestEmit.get()));
                    }
                    task.get().cancel(false);
                }
            }, interval, interval, TimeUnit.MILLISECONDS));
            event.ack().send(List.of("started"));
        });
    }
}
