package dev.switchboard.engineio;

import java.util.Locale;

/** The Engine.IO transports, by the name clients put in the {@code transport} query parameter. */
public enum TransportKind {
    POLLING,
    WEBSOCKET;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** The transport with that wire name, or {@code null}. */
    public static TransportKind fromWireName(String name) {
        for (TransportKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
