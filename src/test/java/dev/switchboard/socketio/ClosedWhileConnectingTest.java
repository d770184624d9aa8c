package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.Identity;
import dev.switchboard.protocol.SocketPacket;
import dev.switchboard.protocol.SocketPacketType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A socket that is closed while its connect handlers run (its token's deadline passes, a handler disconnects it)
 * is refused with CONNECT_ERROR: it never looks connected to its client, and the namespace keeps nothing of it.
 * Timers are recorded and run by the test, so the deadline passes exactly while the handlers run.
 */
class ClosedWhileConnectingTest {

    private final ScheduledExecutorService idle = Executors.newSingleThreadScheduledExecutor();
    private final List<Runnable> timers = new CopyOnWriteArrayList<>();
    private final Scheduler recording = (task, delay) -> {
        timers.add(task);
        return idle.schedule(() -> { }, 1, TimeUnit.HOURS); // a handle to cancel; the test runs the task itself
    };

    @AfterEach
    void stopTimers() {
        idle.shutdownNow();
    }

    private SocketIoNamespace secured() {
        Instant now = Instant.now();
        Identity alice = new Identity("alice", "alice", Set.of("user"), "switchboard-dev", now.minusSeconds(5),
                now.plusSeconds(1), "id-1", JsonObject.EMPTY_JSON_OBJECT);
        SocketIoConfig config = new SocketIoConfig(45_000, 10, 100, 200, Map.of("/secure", NamespacePolicy.parse("user")),
                NamespacePolicy.AUTHENTICATED, "token", Duration.ofSeconds(60));
        return new SocketIoNamespace("/secure", recording, InMemoryAdapter::new,
                new Gatekeeper(token -> alice, config, Duration.ZERO));
    }

    @Test
    void tokenDeadlinePassingWhileConnectingIsRefusedAsTokenExpired() {
        SocketIoNamespace namespace = secured();
        namespace.onConnect(socket -> {
            socket.emit("whoami", "alice");
            timers.forEach(Runnable::run); // the token's deadline passes now
        });
        RecordingConnection client = new RecordingConnection("alice", 0);
        namespace.connect(client, Json.createObjectBuilder().add("token", "t").build());

        assertFalse(timers.isEmpty(), "the socket's token deadline was never armed");
        assertFalse(client.received(SocketPacketType.CONNECT), "a socket past its deadline was reported connected");
        assertEquals(List.of(), client.events("whoami"), "what the connect handler emitted leaked out");
        SocketPacket refusal = connectError(client);
        assertEquals("token expired", refusal.data().asJsonObject().getString("message"));
        assertEquals("token_expired", refusal.data().asJsonObject().getJsonObject("data").getString("code"));
        assertTrue(namespace.connectedSockets().isEmpty(), "the namespace kept the socket");
        assertEquals(Map.of(), namespace.adapter().roomSizes(), "the socket's rooms were left behind");
    }

    @Test
    void disconnectInAConnectHandlerIsRefused() {
        SocketIoNamespace namespace = secured();
        namespace.onConnect(SocketIoSocket::disconnect);
        RecordingConnection client = new RecordingConnection("alice", 0);
        namespace.connect(client, Json.createObjectBuilder().add("token", "t").build());

        assertFalse(client.received(SocketPacketType.CONNECT), "a disconnected socket was reported connected");
        assertEquals("server namespace disconnect", connectError(client).data().asJsonObject().getString("message"));
        assertTrue(namespace.connectedSockets().isEmpty(), "the namespace kept the socket");
    }

    private static SocketPacket connectError(RecordingConnection client) {
        assertTrue(client.received(SocketPacketType.CONNECT_ERROR), "no CONNECT_ERROR");
        return client.packets(SocketPacketType.CONNECT_ERROR).get(0);
    }
}
