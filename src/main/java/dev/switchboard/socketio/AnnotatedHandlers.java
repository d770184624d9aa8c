package dev.switchboard.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Registers the methods of {@link SocketNamespace} beans as handlers: for each class {@link HandlerDiscovery}
 * found, it takes the bean's contextual reference (so interceptors and the scope's proxy apply) and lets
 * {@link MethodBinder} register its methods on the namespace.
 */
@ApplicationScoped
public class AnnotatedHandlers {

    private static final Logger LOG = Logger.getLogger(AnnotatedHandlers.class.getName());

    @Inject
    private HandlerDiscovery discovery;

    @Inject
    private BeanManager beans;

    void registerAll(SocketIoServer server) {
        for (Map.Entry<Class<?>, String> found : discovery.namespaces().entrySet()) {
            Class<?> type = found.getKey();
            Object handler = reference(type);
            if (handler == null) {
                LOG.warning(() -> type.getName() + " is a @SocketNamespace but not an enabled bean: not registered");
                continue;
            }
            SocketIoNamespace namespace = server.of(found.getValue());
            int count = MethodBinder.bind(handler, type, namespace);
            LOG.fine(() -> "Registered " + count + " handler(s) of " + type.getName() + " on " + namespace);
        }
    }

    /** The contextual reference of the bean whose class is {@code type}, or {@code null} when there is none. */
    private Object reference(Class<?> type) {
        Set<Bean<?>> candidates = beans.getBeans(type, Any.Literal.INSTANCE).stream()
                .filter(b -> b.getBeanClass() == type)
                .collect(Collectors.toSet());
        Bean<?> bean = beans.resolve(candidates);
        return bean == null ? null : beans.getReference(bean, type, beans.createCreationalContext(bean));
    }
}
