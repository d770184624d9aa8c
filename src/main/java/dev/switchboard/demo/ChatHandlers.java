package dev.switchboard.demo;

import dev.switchboard.socketio.Arguments;
import dev.switchboard.socketio.EventRejectedException;
import dev.switchboard.socketio.OnDisconnecting;
import dev.switchboard.socketio.OnEvent;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoSocket;
import dev.switchboard.socketio.SocketNamespace;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;

/**
 * The chat demo behind {@code webapp/index.html}.
 * <ul>
 *   <li>{@code chat}: re-broadcast to everyone exactly as received (any arguments, binary included), so any
 *       Socket.IO client can take part. The page sends {@code {nick, text, at}}.</li>
 *   <li>{@code nick}: sets the sender's nickname; the ack is the nickname kept.</li>
 *   <li>{@code room:join} / {@code room:leave} with a room name: the ack is a {@link RoomReply} (the room's
 *       members and the sender's rooms); the room's members get {@code room:members} with a {@link Presence}.</li>
 *   <li>{@code room:message} with {@code {room, text}}: the room's members get {@code room:message} with a
 *       {@link RoomMessage}.</li>
 * </ul>
 * Room names are kept under a {@code room:} prefix, so a client can never join another socket's own room.
 */
@SocketNamespace("/")
public class ChatHandlers {

    private static final String NICK = "nick";
    private static final String PREFIX = "room:";
    private static final int MAX_NAME = 40;
    private static final int MAX_TEXT = 2000;

    /** One member of a room, as the page lists it. */
    public record Member(String id, String nick) {
    }

    /** Who is in a room now: pushed to the room as {@code room:members} whenever that changes. */
    public record Presence(String room, List<Member> members) {
    }

    /** The ack of {@code room:join} and {@code room:leave}. */
    public record RoomReply(String room, List<Member> members, List<String> rooms) {
    }

    /** What the page sends with {@code room:message}. */
    public record RoomText(String room, String text) {
    }

    /** A message in a room, stamped by the server. */
    public record RoomMessage(String room, String id, String nick, String text, long at) {
    }

    @Inject
    SocketIoServer io;

    @OnEvent("chat")
    void chat(Arguments message) {
        io.emit("chat", message.values());
    }

    @OnEvent("nick")
    String nick(SocketIoSocket socket, String nick) {
        socket.data().put(NICK, clean(nick, "nickname", MAX_NAME));
        for (String room : roomsOf(socket)) {
            announce(room, null);
        }
        return nickOf(socket);
    }

    @OnEvent("room:join")
    RoomReply join(SocketIoSocket socket, String room) {
        String name = clean(room, "room name", MAX_NAME);
        socket.join(PREFIX + name);
        return new RoomReply(name, announce(name, null), roomsOf(socket));
    }

    @OnEvent("room:leave")
    RoomReply leave(SocketIoSocket socket, String room) {
        String name = clean(room, "room name", MAX_NAME);
        if (!socket.rooms().contains(PREFIX + name)) {
            throw new EventRejectedException("not in that room");
        }
        socket.leave(PREFIX + name);
        return new RoomReply(name, announce(name, null), roomsOf(socket));
    }

    @OnEvent("room:message")
    RoomMessage roomMessage(SocketIoSocket socket, RoomText message) {
        if (message == null || message.room() == null || !socket.rooms().contains(PREFIX + message.room())) {
            throw new EventRejectedException("join the room first");
        }
        RoomMessage out = new RoomMessage(message.room(), socket.id(), nickOf(socket),
                clean(message.text(), "message", MAX_TEXT), System.currentTimeMillis());
        io.to(PREFIX + message.room()).emit("room:message", out);
        return out;
    }

    /** Still in its rooms here: tell each room it is leaving. */
    @OnDisconnecting
    void disconnecting(SocketIoSocket socket) {
        for (String room : roomsOf(socket)) {
            announce(room, socket);
        }
    }

    /** Sends the room's member list (without {@code leaving}, when given) to the room, and returns it. */
    private List<Member> announce(String room, SocketIoSocket leaving) {
        List<Member> members = io.in(PREFIX + room).fetchLocalSockets().stream()
                .filter(s -> s != leaving)
                .map(s -> new Member(s.id(), nickOf(s)))
                .sorted(Comparator.comparing(Member::nick, String.CASE_INSENSITIVE_ORDER))
                .toList();
        io.to(PREFIX + room).emit("room:members", new Presence(room, members));
        return members;
    }

    private static List<String> roomsOf(SocketIoSocket socket) {
        return socket.rooms().stream()
                .filter(r -> r.startsWith(PREFIX))
                .map(r -> r.substring(PREFIX.length()))
                .sorted()
                .toList();
    }

    /** The nickname the socket chose, or else "guest-" and the start of its id (not stored: most never choose). */
    private static String nickOf(SocketIoSocket socket) {
        Object chosen = socket.data().get(NICK);
        return chosen != null ? chosen.toString() : "guest-" + socket.id().substring(0, 4);
    }

    private static String clean(String value, String what, int max) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty() || trimmed.length() > max) {
            throw new EventRejectedException("a " + what + " needs 1 to " + max + " characters");
        }
        return trimmed;
    }
}
