package dev.switchboard.socketio;

/**
 * Runs for every event a client sends, before its handlers, in registration order. Throw
 * {@link EventRejectedException} to drop the event: when it asked for an acknowledgement, the client gets
 * {@code {"error": message}} as the ack.
 */
@FunctionalInterface
public interface EventMiddleware {

    void check(SocketIoSocket socket, IncomingEvent event);
}
