package dev.switchboard.socketio;

import java.util.List;

/** Not every acknowledgement arrived in time. Carries the ones that did. */
public class AckTimeoutException extends RuntimeException {

    private final transient List<Arguments> received;

    public AckTimeoutException(String message, List<Arguments> received) {
        super(message, null, false, false);
        this.received = List.copyOf(received);
    }

    /** The acknowledgements (each one's argument list) that arrived before the timeout. */
    public List<Arguments> received() {
        return received;
    }
}
