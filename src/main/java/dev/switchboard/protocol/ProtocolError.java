package dev.switchboard.protocol;

/**
 * Why a frame could not be decoded. Every decoder failure names one of these, so tests and callers can tell
 * them apart without parsing messages.
 */
public enum ProtocolError {
    EMPTY_PACKET("empty packet"),
    UNKNOWN_PACKET_TYPE("unknown packet type"),
    INVALID_BASE64("invalid base64 data"),
    TOO_MANY_PACKETS("too many packets in one payload");

    private final String description;

    ProtocolError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
