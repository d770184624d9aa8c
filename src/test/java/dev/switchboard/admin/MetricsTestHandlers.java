package dev.switchboard.admin;

import dev.switchboard.socketio.ConnectionRejectedException;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Test-only handlers added to the built WAR by {@code MetricsIT}, on namespaces of their own ({@code /m}, and
 * {@code /m-locked}, which refuses everyone) so the counters it checks move only with its own traffic.
 */
@ApplicationScoped
public class MetricsTestHandlers {

    void install(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoServer io) {
        SocketIoNamespace m = io.of("/m");
        // an acknowledgement is not an event: one event in, no event out
        m.on("hit", (socket, event) -> event.ack().send("ok"));
        // a broadcast to every socket of /m: one event in, one delivery and one event out per socket
        m.on("shout", (socket, event) -> m.emit("news", event.arg(0, String.class)));
        // a direct emit: one event in, one event out, no delivery
        m.on("direct", (socket, event) -> socket.emit("direct-back", "hi"));
        // on a polling client, a volatile packet right after another one cannot leave at once: it is dropped
        m.on("volatile", (socket, event) -> {
            socket.emit("filler", "x");
            m.to(socket.id()).asVolatile().emit("vol", "y");
        });
        // more packets than a client's send queue holds (1024 by default): a client that does not read is closed
        m.on("flood", (socket, event) -> {
            for (long i = 0; i < event.arg(0, Long.class); i++) {
                socket.emit("flood", i);
            }
        });
        io.of("/m-locked").use(socket -> {
            throw new ConnectionRejectedException("locked (expected by the test)", null);
        });
    }
}
