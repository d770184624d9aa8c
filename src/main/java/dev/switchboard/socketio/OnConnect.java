package dev.switchboard.socketio;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs when a socket connects to the namespace, before the client is told it is connected: throwing
 * {@link ConnectionRejectedException} refuses it with CONNECT_ERROR. Parameters: {@link SocketIoSocket}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnConnect {
}
