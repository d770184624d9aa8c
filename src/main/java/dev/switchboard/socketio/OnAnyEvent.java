package dev.switchboard.socketio;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs for every event of the namespace, before the event's own handlers. Parameters: {@link SocketIoSocket},
 * {@link IncomingEvent}, {@link Ack}, or a {@code String} (the event name).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnAnyEvent {
}
