package dev.switchboard.demo;

import dev.switchboard.auth.Identity;
import dev.switchboard.socketio.EventRejectedException;
import dev.switchboard.socketio.OnConnect;
import dev.switchboard.socketio.OnEvent;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoSocket;
import dev.switchboard.socketio.SocketNamespace;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The authenticated demo behind {@code webapp/secure.html}, on namespace {@code /secure} (policy: role
 * {@code user}, see {@code META-INF/microprofile-config.properties}). Shows the JWT path end to end:
 * <ul>
 *   <li>on connect the socket gets {@code whoami} with a {@link WhoAmI} from its verified token;</li>
 *   <li>{@code group:join} with a group name joins room {@code group:<name>}, which {@link GroupRooms} allows only
 *       to members of that group (the token's {@code groups}); the ack is the socket's rooms, or an error;</li>
 *   <li>{@code group:message} with {@code {group, text}} reaches the group's members as {@code group:message};
 *       the ack is the same {@link GroupMessage}, or an error.</li>
 * </ul>
 */
@SocketNamespace(SecureDemoHandlers.NAMESPACE)
public class SecureDemoHandlers {

    static final String NAMESPACE = "/secure";
    static final String GROUP = "group:";
    private static final int MAX_TEXT = 2000;

    /** The caller as the server verified it. */
    public record WhoAmI(String name, List<String> groups, long expiresAt) {
    }

    /** What the page sends with {@code group:message}. */
    public record GroupText(String group, String text) {
    }

    /** A message to a group, stamped with the sender's verified name. */
    public record GroupMessage(String group, String from, String text, long at) {
    }

    @Inject
    SocketIoServer io;

    @OnConnect
    void connected(SocketIoSocket socket, Identity identity) {
        socket.emit("whoami", whoAmI(identity));
    }

    @OnEvent("whoami")
    WhoAmI whoAmI(Identity identity) {
        return new WhoAmI(identity.name(), identity.groups().stream().sorted().toList(),
                identity.expiresAt().toEpochMilli());
    }

    @OnEvent("group:join")
    List<String> join(SocketIoSocket socket, String group) {
        if (group == null || group.isBlank()) {
            throw new EventRejectedException("name a group");
        }
        socket.join(GROUP + group);
        return socket.rooms().stream().filter(r -> r.startsWith(GROUP)).sorted().toList();
    }

    @OnEvent("group:message")
    GroupMessage message(SocketIoSocket socket, Identity identity, GroupText message) {
        if (message == null || message.group() == null || message.text() == null || message.text().isBlank()) {
            throw new EventRejectedException("send {group, text}");
        }
        String room = GROUP + message.group();
        if (!socket.rooms().contains(room)) {
            throw new EventRejectedException("join the group first");
        }
        String text = message.text().length() > MAX_TEXT ? message.text().substring(0, MAX_TEXT) : message.text();
        GroupMessage out = new GroupMessage(message.group(), identity.name(), text, System.currentTimeMillis());
        io.of(NAMESPACE).to(room).emit("group:message", out);
        return out;
    }
}
