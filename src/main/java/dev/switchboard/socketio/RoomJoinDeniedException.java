package dev.switchboard.socketio;

/** A {@link RoomPolicy} refused a join; as an {@link EventRejectedException}, handlers' callers get an error ack. */
public class RoomJoinDeniedException extends EventRejectedException {

    private final String room;

    public RoomJoinDeniedException(String room) {
        super("not allowed to join room '" + room + "'");
        this.room = room;
    }

    public String room() {
        return room;
    }
}
