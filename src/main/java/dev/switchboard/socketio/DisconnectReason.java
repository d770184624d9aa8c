package dev.switchboard.socketio;

import dev.switchboard.engineio.EngineCloseReason;

/** Why a socket left its namespace: Socket.IO's reasons, plus the limits and policies Switchboard enforces. */
public enum DisconnectReason {
    /** The server called {@code socket.disconnect()}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The client called {@code socket.disconnect()}. */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** The client closed the connection. */
    TRANSPORT_CLOSE("transport close"),
    /** The connection failed. */
    TRANSPORT_ERROR("transport error"),
    /** The client stopped answering pings. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent something that is not Socket.IO. */
    PARSE_ERROR("parse error"),
    /** The server closed the whole connection ({@code disconnect(true)} on another namespace, or the engine API). */
    FORCED_SERVER_CLOSE("forced server close"),
    /** Undeploy or shutdown. */
    SERVER_SHUTTING_DOWN("server shutting down"),
    /** The client did not read fast enough and its send queue filled up. */
    SLOW_CONSUMER("slow consumer"),
    /** The client sent a message over maxPayload. */
    MESSAGE_TOO_LARGE("message too large"),
    /** The client sent packets faster than its event rate limit allows; it is told why, then disconnected. */
    RATE_LIMITED("rate limit exceeded"),
    /** The token the socket connected with expired and was not refreshed; it is told why, then disconnected. */
    TOKEN_EXPIRED("token expired");

    private final String reason;

    DisconnectReason(String reason) {
        this.reason = reason;
    }

    /** The reason as Socket.IO clients and logs spell it. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason;
    }

    static DisconnectReason of(EngineCloseReason engine) {
        return switch (engine) {
            case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
            case TRANSPORT_ERROR -> TRANSPORT_ERROR;
            case PING_TIMEOUT -> PING_TIMEOUT;
            case PARSE_ERROR -> PARSE_ERROR;
            case MESSAGE_TOO_LARGE -> MESSAGE_TOO_LARGE;
            case SLOW_CONSUMER -> SLOW_CONSUMER;
            case FORCED_CLOSE -> FORCED_SERVER_CLOSE;
            case SERVER_SHUTTING_DOWN -> SERVER_SHUTTING_DOWN;
        };
    }
}
