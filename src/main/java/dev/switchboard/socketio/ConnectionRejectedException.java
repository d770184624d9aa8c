package dev.switchboard.socketio;

/**
 * Thrown by connection middleware or an {@code @OnConnect} handler to refuse a socket: the client gets
 * CONNECT_ERROR {@code {"message": message, "data": data}} (data omitted when null).
 */
public class ConnectionRejectedException extends RuntimeException {

    private final transient Object data;

    public ConnectionRejectedException(String message) {
        this(message, null);
    }

    /** @param data anything JSON-B can serialize, sent to the client as the error's {@code data} */
    public ConnectionRejectedException(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    public Object data() {
        return data;
    }
}
