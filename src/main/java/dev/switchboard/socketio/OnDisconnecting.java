package dev.switchboard.socketio;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs when a socket is about to leave, while it is still in its rooms. Parameters: {@link SocketIoSocket},
 * {@link DisconnectReason}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnDisconnecting {
}
