package dev.switchboard.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet. Only {@link EnginePacketType#MESSAGE} may carry binary data; every other packet carries
 * text (possibly empty). Exactly one of {@code text} and {@code binary} is non-null.
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary) {

    public static final EnginePacket PING = new EnginePacket(EnginePacketType.PING, "", null);
    public static final EnginePacket PONG = new EnginePacket(EnginePacketType.PONG, "", null);
    public static final EnginePacket CLOSE = new EnginePacket(EnginePacketType.CLOSE, "", null);
    public static final EnginePacket NOOP = new EnginePacket(EnginePacketType.NOOP, "", null);
    public static final EnginePacket UPGRADE = new EnginePacket(EnginePacketType.UPGRADE, "", null);

    public EnginePacket {
        Objects.requireNonNull(type, "type");
        if ((text == null) == (binary == null)) {
            throw new IllegalArgumentException("exactly one of text and binary must be set");
        }
        if (binary != null && type != EnginePacketType.MESSAGE) {
            throw new IllegalArgumentException("only message packets carry binary data");
        }
    }

    public static EnginePacket of(EnginePacketType type, String text) {
        return new EnginePacket(type, text, null);
    }

    public static EnginePacket message(String text) {
        return new EnginePacket(EnginePacketType.MESSAGE, text, null);
    }

    public static EnginePacket message(byte[] binary) {
        return new EnginePacket(EnginePacketType.MESSAGE, null, binary);
    }

    public boolean isBinary() {
        return binary != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnginePacket p && type == p.type && Objects.equals(text, p.text)
                && Arrays.equals(binary, p.binary);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Objects.hashCode(text)) + Arrays.hashCode(binary);
    }

    @Override
    public String toString() {
        return "EnginePacket[" + type + (binary != null ? ", " + binary.length + " bytes" : ", \"" + text + "\"") + "]";
    }
}
