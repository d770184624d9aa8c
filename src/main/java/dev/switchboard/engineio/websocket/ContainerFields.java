package dev.switchboard.engineio.websocket;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Field;

/**
 * The one way the container fast paths ({@link IdleTimerShortcut}, {@link TyrusRawFrames},
 * {@link GrizzlyDirectWrites}) reach into Tyrus and Grizzly objects: a field by name, made accessible, of exactly
 * the type the caller expects (so a field the caller writes takes what it writes). A missing field or another type throws {@link NoSuchFieldException}, and the caller
 * keeps the container's own path.
 */
final class ContainerFields {

    /** Tyrus's session class (Payara, GlassFish): the fast paths look at nothing else. */
    static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";

    private ContainerFields() {
    }

    /** Field {@code name} declared by {@code type} itself. */
    static Field declared(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** Field {@code name} declared by {@code type} itself, checked to be of type {@code expected}. */
    static Field declared(Class<?> type, String name, Class<?> expected) throws NoSuchFieldException {
        return typed(declared(type, name), expected);
    }

    /** Field {@code name} of {@code type} or the nearest superclass that declares one. */
    static Field inherited(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            try {
                return declared(t, name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    /** Field {@code name} of {@code type} or a superclass, checked to be of type {@code expected}. */
    static Field inherited(Class<?> type, String name, Class<?> expected) throws NoSuchFieldException {
        return typed(inherited(type, name), expected);
    }

    private static Field typed(Field f, Class<?> expected) throws NoSuchFieldException {
        if (f.getType() != expected) {
            throw new NoSuchFieldException(f.getDeclaringClass().getName() + "." + f.getName() + " is a "
                    + f.getType().getName() + ", not a " + expected.getName());
        }
        return f;
    }

    /** Catalina's request under a servlet request (Payara, GlassFish): its facade's {@code request} field. */
    static Object catalinaRequest(ServletRequest req) throws ReflectiveOperationException {
        ServletRequest r = req;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        return inherited(r.getClass(), "request").get(r);
    }
}
