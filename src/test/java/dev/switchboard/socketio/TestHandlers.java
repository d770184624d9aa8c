package dev.switchboard.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only handlers added to the built WAR by {@code SocketIoIT}, registered in code (the programmatic API) next
 * to the conformance fixture. Disconnect reasons are kept per socket id so tests can ask for them.
 */
@ApplicationScoped
public class TestHandlers {

    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    void install(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoServer io) {
        SocketIoNamespace main = io.of("/");
        main.on("join", (socket, event) -> {
            socket.join(event.arg(0, String.class));
            event.ack().send(List.copyOf(socket.rooms()));
        });
        main.on("leave", (socket, event) -> {
            socket.leave(event.arg(0, String.class));
            event.ack().send(List.copyOf(socket.rooms()));
        });
        main.on("to-room", (socket, event) -> socket.to(event.arg(0, String.class)).emit("room-msg", event.arg(1, String.class)));
        main.on("io-to-room-except", (socket, event) -> io.to(event.arg(0, String.class)).except(event.arg(1, String.class))
                .emit("room-msg", event.arg(2, String.class)));
        main.on("broadcast", (socket, event) -> socket.broadcast().emit("bcast", event.arg(0, String.class)));
        main.on("room-sizes", (socket, event) -> event.ack().send(main.roomSizes()));
        main.on("ask-me", (socket, event) -> socket.emitWithAck(Duration.ofMillis(event.arg(0, Long.class)), "question", "q?")
                .whenComplete((answer, error) -> {
                    if (error != null) {
                        socket.emit("answer-timeout", error.getClass().getSimpleName());
                    } else {
                        socket.emit("answer", answer.values());
                    }
                }));
        main.on("ask-room", (socket, event) -> io.to(event.arg(0, String.class)).timeout(Duration.ofMillis(event.arg(1, Long.class)))
                .emitWithAck("question", "all?")
                .whenComplete((answers, error) -> {
                    if (error instanceof AckTimeoutException timeout) {
                        socket.emit("room-answers-timeout", timeout.received().size());
                    } else {
                        socket.emit("room-answers", answers.size());
                    }
                }));
        main.on("disconnect-me", (socket, event) -> socket.disconnect());
        main.on("close-me", (socket, event) -> socket.disconnect(true));
        main.on("throw", (socket, event) -> {
            throw new IllegalStateException("handler bug (expected by the test)");
        });
        main.on("reason-of", (socket, event) -> event.ack().send(reasons.get(event.arg(0, String.class))));
        main.onDisconnecting((socket, reason) -> reasons.put(socket.id() + ":rooms", String.join(",", new java.util.TreeSet<>(socket.rooms()))));
        main.onDisconnect((socket, reason) -> {
            reasons.put(socket.id(), reason.reason());
            socket.join("joined-after-disconnect");
        });

        io.of("/other").onDisconnect((socket, reason) -> reasons.put(socket.id(), reason.reason()));

        io.of("/guarded")
                .use(socket -> {
                    if (!"secret".equals(socket.handshake().auth().getString("token", null))) {
                        throw new ConnectionRejectedException("unauthorized", Map.of("code", 401));
                    }
                })
                .useForEvents((socket, event) -> {
                    if (event.name().startsWith("admin:")) {
                        throw new EventRejectedException("forbidden");
                    }
                })
                .on("echo", (socket, event) -> event.ack().send(event.args().values()))
                .onAny((socket, event) -> socket.data().merge("events", 1, (a, b) -> (Integer) a + (Integer) b))
                .on("count", (socket, event) -> event.ack().send(socket.data().get("events")));
        io.of("/broken").onConnect(socket -> {
            throw new IllegalStateException("connect handler bug (expected by the test)");
        });
    }
}
