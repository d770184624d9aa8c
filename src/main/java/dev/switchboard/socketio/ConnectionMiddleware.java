package dev.switchboard.socketio;

/**
 * Runs for every socket connecting to a namespace, before it is connected, in registration order. Throw
 * {@link ConnectionRejectedException} to refuse it with CONNECT_ERROR; any other exception refuses it too, with a
 * generic message (and is logged).
 */
@FunctionalInterface
public interface ConnectionMiddleware {

    void check(SocketIoSocket socket);
}
