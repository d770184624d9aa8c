package dev.switchboard.admin;

import dev.switchboard.protocol.JsonBuilders;
import jakarta.json.JsonObject;

/**
 * A refused dashboard request: it goes back in the acknowledgement as {@code {error: {code, message}}}, never as
 * an exception the client sees.
 */
final class AdminError extends RuntimeException {

    /** The codes a dashboard request can fail with. */
    enum Code {
        /** The request is malformed (the message says which field). */
        BAD_REQUEST("bad_request"),
        /** No such namespace or socket. */
        NOT_FOUND("not_found"),
        /** Other nodes did not answer in time. */
        CLUSTER_TIMEOUT("cluster_timeout"),
        /** Anything else; details stay in the server log. */
        INTERNAL("internal");

        final String wire;

        Code(String wire) {
            this.wire = wire;
        }
    }

    private final Code code;

    AdminError(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static AdminError badRequest(String message) {
        return new AdminError(Code.BAD_REQUEST, message);
    }

    static AdminError notFound(String message) {
        return new AdminError(Code.NOT_FOUND, message);
    }

    Code code() {
        return code;
    }

    /** {@code {error: {code, message}}}. */
    JsonObject toJson() {
        return JsonBuilders.object()
                .add("error", JsonBuilders.object().add("code", code.wire).add("message", getMessage()))
                .build();
    }
}
