package dev.switchboard.socketio;

/**
 * Answers an event the client sent with an acknowledgement callback. The first call sends; later calls do
 * nothing. Arguments are converted like emit arguments (JSON-B, {@code byte[]} as binary attachments).
 */
@FunctionalInterface
public interface Ack {

    void send(Object... args);
}
