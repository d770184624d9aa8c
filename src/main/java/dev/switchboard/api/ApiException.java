package dev.switchboard.api;

import jakarta.ws.rs.WebApplicationException;

/** A refusal with a status and a client-facing detail, answered as a problem body. */
public class ApiException extends WebApplicationException {

    private final String detail;

    public ApiException(int status, String detail) {
        super(detail, null, status);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
