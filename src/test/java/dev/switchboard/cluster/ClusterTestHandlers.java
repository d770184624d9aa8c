package dev.switchboard.cluster;

import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.Arguments;
import dev.switchboard.socketio.BroadcastOperator;
import dev.switchboard.socketio.IncomingEvent;
import dev.switchboard.socketio.SocketDetails;
import dev.switchboard.socketio.SocketIoNamespace;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * Test-only handlers that the cluster tests add to the built WAR: each cluster operation of the server API, offered
 * to clients as an event of the main namespace, so tests drive a node through its Socket.IO clients. The node's
 * name comes from the {@value #NODE_LABEL} system property. Everyone-broadcasts use the chat demo's own
 * {@code chat} event (re-broadcast with {@code io.emit}), which the Node reference server offers too.
 *
 * <table>
 *   <tr><th>event</th><th>arguments</th><th>what the node does</th><th>ack</th></tr>
 *   <tr><td>whoami</td><td></td><td></td><td>{id, label, node}: the socket, this node's name and cluster id</td></tr>
 *   <tr><td>join / leave</td><td>room</td><td>the socket joins / leaves it</td><td>the socket's rooms</td></tr>
 *   <tr><td>to-all</td><td>msg</td><td>{@code io.emit("all-msg", msg)}</td><td></td></tr>
 *   <tr><td>to-room</td><td>room, msg</td><td>{@code io.to(room).emit("room-msg", msg)}</td><td></td></tr>
 *   <tr><td>to-room-except</td><td>room, except, msg</td><td>{@code io.to(room).except(except).emit("room-msg", msg)}</td><td></td></tr>
 *   <tr><td>fetch</td><td>room ("" = all)</td><td>{@code fetchSockets()}</td><td>{ok, sockets: [{id, node, rooms}], ms} or {ok: false, error, ms}</td></tr>
 *   <tr><td>sockets-join / sockets-leave</td><td>room, other</td><td>{@code io.in(room).socketsJoin(other)} / {@code socketsLeave}</td><td>"ok"</td></tr>
 *   <tr><td>disconnect-sockets</td><td>room, close</td><td>{@code io.in(room).disconnectSockets(close)}</td><td>"ok" (sent first)</td></tr>
 *   <tr><td>ask</td><td>room, timeout ms</td><td>{@code io.to(room).timeout(t).emitWithAck("question", label)}</td><td>{ok, count, answers, ms} or {ok: false, error, count, answers, ms}</td></tr>
 *   <tr><td>sse</td><td>timeout ms</td><td>{@code serverSideEmitWithAck(t, "sse-ping", label)}; other nodes answer their name</td><td>as for ask</td></tr>
 *   <tr><td>sse-notify</td><td>text</td><td>{@code serverSideEmit("sse-note", label, text)}; other nodes emit {@code sse-note} (their name, sender's name, text) to their own clients</td><td>"ok"</td></tr>
 * </table>
 */
@ApplicationScoped
public class ClusterTestHandlers {

    /** The system property that names a node in answers ("A", "B", "java"…). */
    public static final String NODE_LABEL = "switchboard.test.node";

    void install(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoServer io) {
        String label = System.getProperty(NODE_LABEL, "?");
        SocketIoNamespace main = io.of("/");

        main.on("whoami", (socket, event) -> main.local().to(socket.id()).fetchSockets().whenComplete((found, error) ->
                event.ack().send(Json.createObjectBuilder()
                        .add("id", socket.id())
                        .add("label", label)
                        .add("node", error == null && !found.isEmpty() ? found.get(0).node() : "?")
                        .build())));
        main.on("join", (socket, event) -> {
            socket.join(event.arg(0, String.class));
            event.ack().send(List.copyOf(new TreeSet<>(socket.rooms())));
        });
        main.on("leave", (socket, event) -> {
            socket.leave(event.arg(0, String.class));
            event.ack().send(List.copyOf(new TreeSet<>(socket.rooms())));
        });

        main.on("to-all", (socket, event) -> io.emit("all-msg", event.arg(0, String.class)));
        main.on("to-room", (socket, event) -> io.to(event.arg(0, String.class)).emit("room-msg", event.arg(1, String.class)));
        main.on("to-room-except", (socket, event) -> io.to(event.arg(0, String.class)).except(event.arg(1, String.class))
                .emit("room-msg", event.arg(2, String.class)));

        main.on("fetch", (socket, event) -> {
            long start = System.nanoTime();
            select(main, event.arg(0, String.class)).fetchSockets().whenComplete((found, error) -> {
                JsonObjectBuilder answer = Json.createObjectBuilder().add("ms", millisSince(start));
                if (error != null) {
                    failure(answer, error);
                } else {
                    JsonArrayBuilder sockets = Json.createArrayBuilder();
                    for (SocketDetails s : found) {
                        sockets.add(Json.createObjectBuilder().add("id", s.id()).add("node", String.valueOf(s.node()))
                                .add("rooms", Json.createArrayBuilder(new TreeSet<>(s.rooms()))));
                    }
                    answer.add("ok", true).add("sockets", sockets);
                }
                event.ack().send(answer.build());
            });
        });
        main.on("sockets-join", (socket, event) -> {
            select(main, event.arg(0, String.class)).socketsJoin(event.arg(1, String.class));
            event.ack().send("ok");
        });
        main.on("sockets-leave", (socket, event) -> {
            select(main, event.arg(0, String.class)).socketsLeave(event.arg(1, String.class));
            event.ack().send("ok");
        });
        main.on("disconnect-sockets", (socket, event) -> {
            event.ack().send("ok");
            select(main, event.arg(0, String.class)).disconnectSockets(Boolean.TRUE.equals(event.arg(1, Boolean.class)));
        });

        main.on("ask", (socket, event) -> {
            long start = System.nanoTime();
            select(main, event.arg(0, String.class)).timeout(Duration.ofMillis(event.arg(1, Long.class)))
                    .emitWithAck("question", label)
                    .whenComplete((answers, error) -> answerCollected(event, start, answers, error));
        });
        main.on("sse", (socket, event) -> {
            long start = System.nanoTime();
            main.serverSideEmitWithAck(Duration.ofMillis(event.arg(0, Long.class)), "sse-ping", label)
                    .whenComplete((answers, error) -> answerCollected(event, start, answers, error));
        });
        main.on("sse-notify", (socket, event) -> {
            main.serverSideEmit("sse-note", label, event.arg(0, String.class));
            event.ack().send("ok");
        });

        main.onServerSideEmit("sse-ping", (none, event) -> event.ack().send(label));
        main.onServerSideEmit("sse-note", (none, event) ->
                main.local().emit("sse-note", label, event.arg(0, String.class), event.arg(1, String.class)));
    }

    /** The sockets in {@code room}, or every socket for no room (null or empty). */
    private static BroadcastOperator select(SocketIoNamespace namespace, String room) {
        return room == null || room.isEmpty() ? namespace.except() : namespace.to(room);
    }

    /** Acks a collection of acknowledgements: each one's first argument, or the failure and the partial answers. */
    private static void answerCollected(IncomingEvent event, long start, List<Arguments> answers, Throwable error) {
        JsonObjectBuilder answer = Json.createObjectBuilder().add("ms", millisSince(start));
        List<Arguments> received = answers;
        if (error != null) {
            failure(answer, error);
            Throwable cause = unwrap(error);
            received = cause instanceof AckTimeoutException timeout ? timeout.received() : List.of();
        } else {
            answer.add("ok", true);
        }
        JsonArrayBuilder firsts = Json.createArrayBuilder();
        for (Arguments a : received) {
            firsts.add(a.size() > 0 ? a.json().get(0) : JsonValue.NULL);
        }
        event.ack().send(answer.add("count", received.size()).add("answers", firsts).build());
    }

    private static void failure(JsonObjectBuilder answer, Throwable error) {
        Throwable cause = unwrap(error);
        answer.add("ok", false).add("error", cause.getClass().getSimpleName())
                .add("message", String.valueOf(cause.getMessage()));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
