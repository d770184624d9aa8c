package dev.switchboard.protocol;

/**
 * Why a frame could not be decoded. Every decoder failure names one of these, so tests and callers can tell
 * them apart without parsing messages.
 */
public enum ProtocolError {
    EMPTY_PACKET("empty packet"),
    UNKNOWN_PACKET_TYPE("unknown packet type"),
    INVALID_BASE64("invalid base64 data"),
    TOO_MANY_PACKETS("too many packets in one payload"),
    UNKNOWN_SOCKET_PACKET_TYPE("unknown Socket.IO packet type"),
    INVALID_ATTACHMENT_COUNT("invalid attachment count"),
    TOO_MANY_ATTACHMENTS("too many binary attachments"),
    INVALID_NAMESPACE("invalid namespace"),
    INVALID_ACK_ID("invalid acknowledgement id"),
    INVALID_JSON("invalid JSON"),
    INVALID_PAYLOAD("invalid payload"),
    INVALID_PLACEHOLDER("invalid binary placeholder"),
    UNEXPECTED_ATTACHMENT("binary attachment with no packet waiting for it"),
    ATTACHMENT_EXPECTED("text packet while binary attachments are awaited");

    private final String description;

    ProtocolError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
