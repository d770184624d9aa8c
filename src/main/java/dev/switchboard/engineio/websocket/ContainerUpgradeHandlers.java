package dev.switchboard.engineio.websocket;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the container that an owned connection's upgrade handler is done with, when the connection ends.
 * <p>
 * The container makes the handler of {@link HttpServletRequest#upgrade} as a CDI-managed object and keeps it, with
 * its CDI creational context (~350 bytes), until the connection's {@code WebConnection} is closed: Payara's
 * {@code WebConnectionImpl.close} fires its web context's {@code predestroy} event with the handler, and the
 * container's listener destroys the managed object. An owned connection lets go of that web connection (it holds the
 * upgrade request and response, see {@link GrizzlyWebSocket}), so nothing closed it, and every owned connection ever
 * opened left its handler behind. {@link #destroyed} fires the same event when the connection closes.
 * <p>
 * The web context is reached once, from the first upgrade request (Catalina's {@code Request.getContext()}); this class
 * is loaded per deployment, so there is only ever one. If it cannot be reached, handlers stay behind as before (logged
 * once).
 */
final class ContainerUpgradeHandlers {

    private static final Logger LOG = Logger.getLogger(ContainerUpgradeHandlers.class.getName());
    /** The event Payara's web connection fires for its handler, which destroys the managed object. */
    static final String PREDESTROY = "predestroy";
    private static volatile ContainerUpgradeHandlers current;
    private static volatile boolean logged;

    private final Object context;
    private final Method fire;

    ContainerUpgradeHandlers(Object context) throws NoSuchMethodException {
        this.context = context;
        this.fire = context.getClass().getMethod("fireContainerEvent", String.class, Object.class);
    }

    /** The web context of the request's application, or {@code null} when it cannot be reached. */
    static ContainerUpgradeHandlers of(HttpServletRequest req) {
        ContainerUpgradeHandlers known = current;
        if (known != null) {
            return known;
        }
        try {
            Object catalina = ContainerFields.catalinaRequest(req);
            known = new ContainerUpgradeHandlers(catalina.getClass().getMethod("getContext").invoke(catalina));
            current = known;
            return known;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            logOnce(e);
            return null;
        }
    }

    /** Fires {@value #PREDESTROY} with the handler, as closing its web connection would have. */
    void destroyed(Object handler) {
        try {
            fire.invoke(context, PREDESTROY, handler);
        } catch (InvocationTargetException e) {
            logOnce(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            logOnce(e);
        }
    }

    private static void logOnce(Throwable e) {
        if (!logged) {
            logged = true;
            LOG.log(Level.INFO, "the container keeps the upgrade handlers of closed owned WebSocket connections: {0}",
                    String.valueOf(e));
        }
    }
}
