package dev.switchboard.engineio;

import jakarta.json.Json;

/**
 * The closed catalogue of Engine.IO request errors. Codes 0–5 and their messages are the ones every Engine.IO
 * client knows; {@link #PAYLOAD_TOO_LARGE} is ours and answered with HTTP 413.
 */
public enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
    UNKNOWN_SID(1, "Session ID unknown", 400),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    BAD_REQUEST(3, "Bad request", 400),
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400),
    PAYLOAD_TOO_LARGE(100, "Payload too large", 413);

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
        return Json.createObjectBuilder().add("code", code).add("message", message).build().toString();
    }
}
