package dev.switchboard.socketio;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles the named event in a {@link SocketNamespace} class. Parameters are resolved by type:
 * {@link SocketIoSocket} the sender, {@link Ack} the acknowledgement, {@link IncomingEvent} the raw event; every
 * other parameter takes the next event argument, converted to its declared type (String, numbers, records and
 * other JSON-B types, JSON-P values, {@code byte[]} for binary). A non-void return value is sent as the
 * acknowledgement (a {@code CompletionStage} when it completes).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnEvent {

    String value();
}
