package dev.switchboard.socketio;

import org.eclipse.microprofile.config.Config;

/**
 * Socket.IO settings, read once from MicroProfile Config (the README lists every key).
 *
 * @param connectTimeout ms a new connection has to join a namespace before it is closed
 * @param maxAttachments the most binary attachments one packet may announce
 */
public record SocketIoConfig(long connectTimeout, int maxAttachments) {

    public static final String PREFIX = "switchboard.socketio.";

    public static SocketIoConfig from(Config config) {
        return new SocketIoConfig(
                config.getOptionalValue(PREFIX + "connect-timeout", Long.class).orElse(45_000L),
                config.getOptionalValue(PREFIX + "max-attachments", Integer.class).orElse(10));
    }
}
