package dev.switchboard.conformance;

import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;

/**
 * With {@code switchboard.conformance.enabled=true}, behaves like the reference server of the Socket.IO protocol
 * test suite: every socket is greeted with {@code auth} (its handshake auth), {@code message} is echoed back as
 * {@code message-back} with all its arguments (binary included), {@code message-with-ack} is acknowledged with
 * its arguments, and namespace {@code /custom} greets with {@code auth} too. The timings the suite expects are in
 * {@code server-config/conformance.properties}.
 */
@ApplicationScoped
public class ConformanceFixture {

    @Inject
    @ConfigProperty(name = "switchboard.conformance.enabled", defaultValue = "false")
    boolean enabled;

    void install(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoServer io) {
        if (!enabled) {
            return;
        }
        io.of("/")
                .onConnect(ConformanceFixture::greet)
                .on("message", (socket, event) -> socket.emit("message-back", event.args().values()))
                .on("message-with-ack", (socket, event) -> event.ack().send(event.args().values()));
        io.of("/custom").onConnect(ConformanceFixture::greet);
    }

    private static void greet(SocketIoSocket socket) {
        socket.emit("auth", socket.handshake().auth());
    }
}
