package dev.switchboard.api;

import dev.switchboard.protocol.JsonBuilders;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details: {@code application/problem+json} with {@code type}, {@code title}, {@code status}
 * and a {@code detail} fit for clients (never an exception message or a stack trace).
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response response(int status, String detail) {
        return builder(status, detail).build();
    }

    /** The problem body as JSON text. */
    public static String json(int status, String detail) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        JsonObjectBuilder body = JsonBuilders.object()
                .add("type", "about:blank")
                .add("title", type != null ? type.getReasonPhrase() : "Error")
                .add("status", status);
        if (detail != null) {
            body.add("detail", detail);
        }
        return body.build().toString();
    }

    public static Response.ResponseBuilder builder(int status, String detail) {
        Response.ResponseBuilder out = Response.status(status).type(MEDIA_TYPE).entity(json(status, detail));
        if (status == 401) {
            out.header("WWW-Authenticate", "Bearer");
        }
        return out;
    }
}
