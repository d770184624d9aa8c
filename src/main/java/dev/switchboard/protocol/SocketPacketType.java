package dev.switchboard.protocol;

/** The seven Socket.IO v5 packet types and their one-digit wire codes. */
public enum SocketPacketType {
    CONNECT('0'),
    DISCONNECT('1'),
    EVENT('2'),
    ACK('3'),
    CONNECT_ERROR('4'),
    BINARY_EVENT('5'),
    BINARY_ACK('6');

    private static final SocketPacketType[] BY_CODE = values();

    private final char code;

    SocketPacketType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when the character is not one. */
    public static SocketPacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
    }

    /** Whether packets of this type carry an attachment count and are followed by that many binary messages. */
    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
