package dev.switchboard.socketio;

/**
 * Thrown by event middleware or an event handler to refuse an event. The message is sent to the client (as
 * {@code {"error": message}} in the ack, when the client asked for one), so it must be fit for clients to read.
 */
public class EventRejectedException extends RuntimeException {

    public EventRejectedException(String message) {
        super(message, null, false, false);
    }
}
