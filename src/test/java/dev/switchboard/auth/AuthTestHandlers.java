package dev.switchboard.auth;

import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.OnDisconnect;
import dev.switchboard.socketio.OnEvent;
import dev.switchboard.socketio.SocketHandshake;
import dev.switchboard.socketio.SocketIoSocket;
import dev.switchboard.socketio.SocketNamespace;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only handlers on {@code /authed} (default policy: a valid token): what a handler sees of the caller and of
 * the handshake, and why sockets left.
 */
@SocketNamespace("/authed")
public class AuthTestHandlers {

    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    /** The caller's identity and the handshake's credential fields, as the handler sees them. */
    @OnEvent("seen")
    JsonObject seen(SocketIoSocket socket, Identity identity) {
        SocketHandshake h = socket.handshake();
        return Json.createObjectBuilder()
                .add("name", identity == null ? "" : identity.name())
                .add("groups", Json.createArrayBuilder(identity == null ? List.of() : identity.groups().stream().sorted().toList()))
                .add("expiresAt", identity == null ? 0 : identity.expiresAt().toEpochMilli())
                .add("jti", identity == null || identity.tokenId() == null ? "" : identity.tokenId())
                .add("authorization", String.valueOf(h.header("authorization")))
                .add("queryToken", String.valueOf(h.query().get("token")))
                .add("url", h.url())
                .add("authToken", h.auth().containsKey("token") ? h.auth().get("token").toString() : "")
                .build();
    }

    /** Why a socket (by id) left, once it has. */
    @OnEvent("reason")
    String reason(String socketId) {
        return reasons.getOrDefault(socketId, "");
    }

    @OnDisconnect
    void gone(SocketIoSocket socket, DisconnectReason reason) {
        reasons.put(socket.id(), reason.reason());
    }
}
