package dev.switchboard.engineio;

/**
 * A request refused with a catalogued {@link EngineError}; transports turn it into the HTTP error response (with a
 * {@code Retry-After} header when the refusal says when to come back).
 */
public final class EngineException extends RuntimeException {

    private final EngineError error;
    private final long retryAfterSeconds;

    public EngineException(EngineError error) {
        this(error, 0);
    }

    /** @param retryAfterSeconds when the client may try again; 0 for no {@code Retry-After} header */
    public EngineException(EngineError error, long retryAfterSeconds) {
        super(error.message(), null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public EngineError error() {
        return error;
    }

    /** Seconds for the {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
