package dev.switchboard.fuzz;

import dev.switchboard.socketio.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Test-only handlers that {@code FuzzIT} adds to the built WAR, registered in code: {@code ping-me} answers the
 * canary's counter, {@code echo} sends every argument back as received (event and ack), on "/" and on "/fuzz".
 */
@ApplicationScoped
public class FuzzHandlers {

    void install(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoServer io) {
        io.of("/").on("ping-me", (socket, event) -> event.ack().send(event.args().values()));
        for (String namespace : new String[] {"/", "/fuzz"}) {
            io.of(namespace).on("echo", (socket, event) -> {
                Object[] values = event.args().values();
                socket.emit("echo-back", values);
                event.ack().send(values);
            });
        }
    }
}
