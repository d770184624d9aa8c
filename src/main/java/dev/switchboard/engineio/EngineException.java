package dev.switchboard.engineio;

/** A request refused with a catalogued {@link EngineError}; transports turn it into the HTTP error response. */
public final class EngineException extends RuntimeException {

    private final EngineError error;

    public EngineException(EngineError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public EngineError error() {
        return error;
    }
}
