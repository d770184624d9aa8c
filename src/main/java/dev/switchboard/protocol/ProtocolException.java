package dev.switchboard.protocol;

/** A frame or payload that does not follow the protocol. Carries the catalogued {@link ProtocolError}. */
public final class ProtocolException extends Exception {

    private final ProtocolError error;

    public ProtocolException(ProtocolError error, String detail) {
        super(error.description() + (detail == null || detail.isEmpty() ? "" : ": " + detail), null, false, false);
        this.error = error;
    }

    public ProtocolError error() {
        return error;
    }
}
