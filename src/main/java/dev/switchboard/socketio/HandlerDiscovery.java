package dev.switchboard.socketio;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * Finds the {@link SocketNamespace} classes while CDI scans the deployment, and turns handler methods that break
 * their annotation's rules into deployment errors (so a mistake stops the deployment instead of surprising a
 * client). {@link AnnotatedHandlers} registers what it found once the server starts.
 */
public class HandlerDiscovery implements Extension {

    private static final Logger LOG = Logger.getLogger(HandlerDiscovery.class.getName());

    // the container may fire ProcessAnnotatedType on several threads
    private final Map<Class<?>, String> namespaces = new ConcurrentHashMap<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    void namespace(@Observes @WithAnnotations(SocketNamespace.class) ProcessAnnotatedType<?> event) {
        AnnotatedType<?> type = event.getAnnotatedType();
        SocketNamespace annotation = type.getAnnotation(SocketNamespace.class);
        if (annotation == null) {
            return; // @WithAnnotations also matches the annotation on members or as a meta-annotation
        }
        namespaces.put(type.getJavaClass(), annotation.value());
        problems.addAll(MethodBinder.problems(type.getJavaClass()));
    }

    void strayHandlers(@Observes @WithAnnotations({OnConnect.class, OnEvent.class, OnAnyEvent.class,
            OnDisconnecting.class, OnDisconnect.class}) ProcessAnnotatedType<?> event) {
        AnnotatedType<?> type = event.getAnnotatedType();
        Class<?> c = type.getJavaClass();
        if (!type.isAnnotationPresent(SocketNamespace.class) && !c.isInterface()
                && !Modifier.isAbstract(c.getModifiers()) && !MethodBinder.handlerMethods(c).isEmpty()) {
            LOG.warning(c.getName() + " has Socket.IO handler methods but no @SocketNamespace: they never run");
        }
    }

    void report(@Observes AfterBeanDiscovery event) {
        for (String problem : problems) {
            event.addDefinitionError(new DefinitionException(problem));
        }
    }

    /** Each {@link SocketNamespace} class with its namespace, ordered by class name. */
    Map<Class<?>, String> namespaces() {
        Map<Class<?>, String> ordered = new LinkedHashMap<>();
        namespaces.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Class::getName)))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
