package dev.switchboard.socketio;

import dev.switchboard.auth.Identity;
import dev.switchboard.auth.InvalidTokenException;
import dev.switchboard.auth.TokenRejection;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Socket.IO layer's security decisions: who may connect to a namespace (token from the CONNECT {@code auth}
 * payload, else the handshake's {@code Authorization: Bearer} header, else its token query parameter; on an
 * anonymous namespace a valid token gives the socket an identity and any other token is ignored), token
 * refresh on a live socket, how long a socket may live on its token, and room joins.
 */
final class Gatekeeper {

    /** The event a client sends with a fresh token ({@code {"token": "..."}} or the token string), with an ack. */
    static final String REFRESH_EVENT = "switchboard:refresh";
    /** The event the server sends {@link SocketIoConfig#refreshWarning()} before a socket's token runs out. */
    static final String EXPIRING_EVENT = "switchboard:token-expiring";

    /** Verifies a token (the application's {@code TokenService}, or a stand-in in tests). */
    @FunctionalInterface
    interface Verifier {
        Identity verify(String token) throws InvalidTokenException;
    }

    /** Anonymous everywhere, no tokens accepted: for namespaces built without a server (unit tests). */
    static Gatekeeper open() {
        return new Gatekeeper(token -> {
            throw new InvalidTokenException(TokenRejection.NOT_CONFIGURED);
        }, new SocketIoConfig(45_000, 10, 100, 200, Map.of(), NamespacePolicy.ANONYMOUS, "token", Duration.ofSeconds(60)),
                Duration.ZERO);
    }

    private final Verifier verifier;
    private final SocketIoConfig config;
    private final Duration clockSkew;
    private final List<RoomPolicy> roomPolicies = new CopyOnWriteArrayList<>();

    Gatekeeper(Verifier verifier, SocketIoConfig config, Duration clockSkew) {
        this.verifier = verifier;
        this.config = config;
        this.clockSkew = clockSkew;
    }

    void addRoomPolicy(RoomPolicy policy) {
        roomPolicies.add(policy);
    }

    String tokenQueryParameter() {
        return config.tokenQueryParameter();
    }

    /**
     * The verified caller joining a namespace, or {@code null} for an anonymous one the namespace accepts.
     *
     * @param credential the handshake's bearer or query-parameter token, or {@code null}
     * @throws ConnectionRejectedException with {@code data.code} {@code invalid_token}, {@code token_expired},
     *                                     {@code unauthorized} (no token) or {@code forbidden} (missing role)
     */
    Identity admit(String namespace, String credential, JsonObject auth) {
        String token = credential;
        if (auth != null && auth.containsKey("token")) {
            token = auth.get("token") instanceof JsonString s ? s.getString() : "";
        }
        NamespacePolicy policy = config.policy(namespace);
        Identity identity = null;
        if (token != null) {
            try {
                identity = verified(token);
            } catch (ConnectionRejectedException e) {
                if (policy.kind() != NamespacePolicy.Kind.ANONYMOUS) {
                    throw e;
                }
                // an anonymous namespace lets the caller in without an identity: a refused token gives no rights
            }
        }
        if (!policy.admits(identity)) {
            throw identity == null
                    ? new ConnectionRejectedException("authentication required", Map.of("code", "unauthorized"))
                    : new ConnectionRejectedException("forbidden", Map.of("code", "forbidden"));
        }
        return identity;
    }

    /**
     * The identity a refresh token gives a live socket: a valid token for the same caller that the namespace
     * still admits.
     */
    Identity refresh(String namespace, Identity current, JsonValue argument) {
        if (current == null) {
            throw new ConnectionRejectedException("not authenticated", Map.of("code", "unauthorized"));
        }
        String token = argument instanceof JsonString s ? s.getString()
                : argument instanceof JsonObject o && o.get("token") instanceof JsonString s ? s.getString() : "";
        Identity next = verified(token);
        if (!next.name().equals(current.name())) {
            throw new ConnectionRejectedException("token is for another caller", Map.of("code", "forbidden"));
        }
        if (!config.policy(namespace).admits(next)) {
            throw new ConnectionRejectedException("forbidden", Map.of("code", "forbidden"));
        }
        return next;
    }

    /** When a socket authenticated with this identity must be gone (expiry plus the configured clock skew). */
    Instant deadline(Identity identity) {
        return identity.expiresAt().plus(clockSkew);
    }

    Duration refreshWarning() {
        return config.refreshWarning();
    }

    boolean mayJoin(SocketIoSocket socket, String room) {
        for (RoomPolicy policy : roomPolicies) {
            if (!policy.mayJoin(socket, room)) {
                return false;
            }
        }
        return true;
    }

    private Identity verified(String token) {
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            TokenRejection why = e.rejection();
            throw new ConnectionRejectedException(why.message(), Map.of("code", why.code()));
        }
    }
}
