package dev.switchboard.auth;

/**
 * The closed catalogue of reasons a token is refused. {@link #code()} is what clients receive (in a Socket.IO
 * CONNECT_ERROR's {@code data.code}); {@link #message()} is the human-readable form. Neither reveals key material
 * or the token itself.
 */
public enum TokenRejection {
    MALFORMED("invalid_token", "malformed token"),
    TOO_LARGE("invalid_token", "token too large"),
    ALGORITHM_NOT_ALLOWED("invalid_token", "token algorithm not allowed"),
    BAD_SIGNATURE("invalid_token", "bad token signature"),
    WRONG_ISSUER("invalid_token", "wrong token issuer"),
    WRONG_AUDIENCE("invalid_token", "wrong token audience"),
    MISSING_CLAIM("invalid_token", "token lacks a required claim"),
    EXPIRED("token_expired", "token expired"),
    NOT_YET_VALID("invalid_token", "token not yet valid"),
    NOT_CONFIGURED("invalid_token", "token verification is not configured on this server");

    private final String code;
    private final String message;

    TokenRejection(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** {@code token_expired} (get a new token and retry) or {@code invalid_token} (this token will never work). */
    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
