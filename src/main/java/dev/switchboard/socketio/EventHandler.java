package dev.switchboard.socketio;

/**
 * Handles one event by name (registered programmatically with {@link SocketIoNamespace#on}). The annotated API
 * ({@link OnEvent}) builds on this.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(SocketIoSocket socket, IncomingEvent event);
}
