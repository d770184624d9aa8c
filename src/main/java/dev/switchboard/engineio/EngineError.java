package dev.switchboard.engineio;

import dev.switchboard.protocol.JsonBuilders;

/**
 * The closed catalogue of Engine.IO request errors. Codes 0–5 and their messages are the ones every Engine.IO
 * client knows; codes from 100 are ours: {@link #PAYLOAD_TOO_LARGE} (HTTP 413) and the connection limits,
 * {@link #TOO_MANY_CONNECTIONS} (503) and {@link #TOO_MANY_REQUESTS} (429), both sent with {@code Retry-After}.
 */
public enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
    UNKNOWN_SID(1, "Session ID unknown", 400),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    BAD_REQUEST(3, "Bad request", 400),
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400),
    PAYLOAD_TOO_LARGE(100, "Payload too large", 413),
    /** The node holds {@code switchboard.limits.max-connections} sessions: a new one is refused. */
    TOO_MANY_CONNECTIONS(101, "Too many connections", 503),
    /** The client's address opens new connections faster than {@code switchboard.limits.connection-rate-per-ip}. */
    TOO_MANY_REQUESTS(102, "Too many requests", 429);

    private final int code;
    private final String message;
    private final int httpStatus;

    EngineError(int code, String message, int httpStatus) {
        this.code = code;
        this.message = message;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The JSON body of the HTTP error response: {@code {"code":N,"message":"..."}}. */
    public String toJson() {
        return JsonBuilders.object().add("code", code).add("message", message).build().toString();
    }
}
