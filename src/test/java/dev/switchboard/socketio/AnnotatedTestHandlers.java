package dev.switchboard.socketio;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Test-only annotated handlers added to the built WAR by {@code SocketIoIT}: the API as users write it. */
@SocketNamespace("/annotated")
public class AnnotatedTestHandlers {

    /** A JSON-B-mapped argument and return type. */
    public record Point(int x, int y) {
    }

    @Inject
    SocketIoServer io;

    @OnConnect
    void connect(SocketIoSocket socket) {
        if (!socket.handshake().auth().containsKey("token")) {
            throw new ConnectionRejectedException("token required", Map.of("hint", "send auth.token"));
        }
    }

    @OnEvent("sum")
    int sum(int a, int b) {
        return a + b;
    }

    @OnEvent("move")
    Point move(Point p, int dx) {
        return new Point(p.x() + dx, p.y());
    }

    @OnEvent("length")
    int length(byte[] data) {
        return data.length;
    }

    @OnEvent("shout")
    void shout(SocketIoSocket socket, String text) {
        io.of("/annotated").emit("shouted", text.toUpperCase(), socket.id());
    }

    @OnEvent("later")
    CompletionStage<String> later(String text) {
        return CompletableFuture.supplyAsync(() -> text + "!");
    }
}
