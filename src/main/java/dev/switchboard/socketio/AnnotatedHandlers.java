package dev.switchboard.socketio;

import jakarta.enterprise.context.ApplicationScoped;

/** Registers the methods of {@link SocketNamespace} beans as handlers. */
@ApplicationScoped
public class AnnotatedHandlers {

    void registerAll(SocketIoServer server) {
        // filled in by the annotated-handler work
    }
}
