package dev.switchboard.socketio;

/**
 * An event a client sent: its name, its arguments and, when the client asked for one, the acknowledgement to
 * answer it with.
 */
public final class IncomingEvent {

    private final String name;
    private final Arguments args;
    private final Ack ack;

    IncomingEvent(String name, Arguments args, Ack ack) {
        this.name = name;
        this.args = args;
        this.ack = ack;
    }

    public String name() {
        return name;
    }

    /** The event's arguments (without its name). */
    public Arguments args() {
        return args;
    }

    /** Shorthand for {@code args().get(i, type)}. */
    public <T> T arg(int i, Class<T> type) {
        return args.get(i, type);
    }

    /** True when the client is waiting for an acknowledgement. */
    public boolean wantsAck() {
        return ack != null;
    }

    /** The acknowledgement, or a no-op when the client did not ask for one. */
    public Ack ack() {
        return ack != null ? ack : values -> { };
    }
}
