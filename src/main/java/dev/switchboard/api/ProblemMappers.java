package dev.switchboard.api;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure of the API as a problem body: the status of the exception, or 400 for unreadable input, or 500. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    /** JAX-RS's own exceptions (401 from the roles filter, 404, 405, 415...) keep their status. */
    @Provider
    public static class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
            String detail = switch (status) {
                case 401 -> "a valid bearer token is required";
                case 403 -> "the token lacks the role this operation requires";
                case 404 -> "no such resource";
                case 405 -> "method not allowed here";
                case 415 -> "send application/json";
                default -> status < 500 ? "the request is not valid" : "the server could not answer";
            };
            if (e instanceof ApiException api) {
                detail = api.detail();
            }
            return Problem.response(status, detail);
        }
    }

    /** Bodies that are not JSON, or not the expected shape. */
    @Provider
    public static class BadJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return Problem.response(400, "the body is not the expected JSON");
        }
    }

    @Provider
    public static class BadJsonSyntax implements ExceptionMapper<JsonParsingException> {
        @Override
        public Response toResponse(JsonParsingException e) {
            return Problem.response(400, "the body is not valid JSON");
        }
    }

    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return Problem.response(400, "the body could not be read");
        }
    }

    /** Anything else is our bug: logged here, a bare 500 for the client. */
    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException w) {
                return new WebApplication().toResponse(w);
            }
            LOG.log(Level.WARNING, "API request failed", e);
            return Problem.response(500, "the server could not answer");
        }
    }
}
