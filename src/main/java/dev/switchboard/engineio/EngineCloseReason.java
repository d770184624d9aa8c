package dev.switchboard.engineio;

/**
 * Why an Engine.IO session ended: the closed catalogue, with the names Socket.IO reports as disconnect reasons.
 * {@code notifiesClient} says whether the server still tries to deliver a close packet; {@code webSocketCode}
 * is the close status used when the session ends on a WebSocket.
 */
public enum EngineCloseReason {
    /** The client sent a close packet or closed the connection. */
    TRANSPORT_CLOSE("transport close", false, 1000),
    /** The connection failed, or the client broke the transport's rules (e.g. overlapping polling requests). */
    TRANSPORT_ERROR("transport error", false, 1011),
    /** No pong within pingTimeout after a ping. */
    PING_TIMEOUT("ping timeout", true, 1000),
    /** The client sent something that is not Engine.IO. */
    PARSE_ERROR("parse error", true, 1002),
    /** A message over maxPayload. */
    MESSAGE_TOO_LARGE("message too large", false, 1009),
    /** The client does not read fast enough: its send queue is full. */
    SLOW_CONSUMER("slow consumer", false, 1008),
    /** The application closed the session. */
    FORCED_CLOSE("forced close", true, 1000),
    /** Undeploy or shutdown: clients should reconnect elsewhere. */
    SERVER_SHUTTING_DOWN("server shutting down", true, 1001);

    private final String reason;
    private final boolean notifiesClient;
    private final int webSocketCode;

    EngineCloseReason(String reason, boolean notifiesClient, int webSocketCode) {
        this.reason = reason;
        this.notifiesClient = notifiesClient;
        this.webSocketCode = webSocketCode;
    }

    public String reason() {
        return reason;
    }

    public boolean notifiesClient() {
        return notifiesClient;
    }

    public int webSocketCode() {
        return webSocketCode;
    }
}
