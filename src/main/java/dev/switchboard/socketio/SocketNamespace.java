package dev.switchboard.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Stereotype;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link OnConnect}, {@link OnEvent}, {@link OnAnyEvent}, {@link OnDisconnecting} and
 * {@link OnDisconnect} methods handle a namespace, the way {@code @ServerEndpoint} marks a WebSocket endpoint.
 * The class becomes an application-scoped CDI bean, so it can inject anything (including
 * {@link SocketIoServer}).
 */
@Stereotype
@ApplicationScoped
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SocketNamespace {

    /** The namespace, e.g. {@code "/"} or {@code "/admin"}. */
    String value() default "/";
}
