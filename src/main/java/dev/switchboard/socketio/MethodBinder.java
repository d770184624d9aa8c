package dev.switchboard.socketio;

import dev.switchboard.auth.Identity;
import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonValue;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Turns the {@link OnConnect}, {@link OnEvent}, {@link OnAnyEvent}, {@link OnDisconnecting} and
 * {@link OnDisconnect} methods of a {@link SocketNamespace} class into the namespace's programmatic handlers.
 * Each method's parameters are resolved by a list of small resolvers built once, when the method is bound; a
 * method that breaks the rules of its annotation is refused with {@link IllegalArgumentException}, and
 * {@link #problems} reports the same refusals at deployment time.
 */
final class MethodBinder {

    private static final Logger LOG = Logger.getLogger(MethodBinder.class.getName());
    private static final List<Class<? extends Annotation>> KINDS = List.of(
            OnConnect.class, OnEvent.class, OnAnyEvent.class, OnDisconnecting.class, OnDisconnect.class);
    private static final Map<Class<? extends Annotation>, String> SUPPORTED = Map.of(
            OnConnect.class, "SocketIoSocket and Identity",
            OnAnyEvent.class, "SocketIoSocket, Identity, IncomingEvent, Ack, Arguments and String (the event name)",
            OnDisconnecting.class, "SocketIoSocket, Identity and DisconnectReason",
            OnDisconnect.class, "SocketIoSocket, Identity and DisconnectReason",
            OnEvent.class, "SocketIoSocket, Identity, IncomingEvent, Ack, Arguments and event arguments (inject server objects"
                    + " into the bean instead)");
    /** Server-side types no client can send, so never event arguments. */
    private static final Set<Class<?>> NOT_ARGUMENTS = Set.of(
            SocketIoServer.class, SocketIoNamespace.class, DisconnectReason.class, SocketHandshake.class, Identity.class);

    private MethodBinder() {
    }

    /** What a handler method is called with; only the parts its kind has are set. */
    private record Call(SocketIoSocket socket, IncomingEvent event, DisconnectReason reason) {
    }

    /** A checked handler method, one resolver per parameter, and the target it is invoked on. */
    private record Bound(Method method, List<Function<Call, Object>> resolvers, Object target) {

        Object invoke(Call call) {
            Object[] args = resolvers.stream().map(r -> r.apply(call)).toArray();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new RuntimeException(describe(method) + " failed", cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- binding ------------------------------------------------------------------------------------------

    /**
     * Registers every handler method of {@code type} on {@code namespace}, invoked on {@code target} (the bean's
     * contextual reference, so interceptors apply), and returns how many; refuses a class with any
     * {@linkplain #problems problem} with {@link IllegalArgumentException}, registering nothing.
     */
    static int bind(Object target, Class<?> type, SocketIoNamespace namespace) {
        List<String> problems = problems(type);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<Method> methods = handlerMethods(type);
        for (Method method : methods) {
            Class<? extends Annotation> kind = kindOf(method);
            if (kind == OnConnect.class) {
                namespace.onConnect(connectHandler(target, method));
            } else if (kind == OnEvent.class) {
                namespace.on(method.getAnnotation(OnEvent.class).value(), eventHandler(target, method));
            } else if (kind == OnAnyEvent.class) {
                namespace.onAny(anyHandler(target, method));
            } else if (kind == OnDisconnecting.class) {
                namespace.onDisconnecting(disconnectHandler(target, method));
            } else {
                namespace.onDisconnect(disconnectHandler(target, method));
            }
        }
        return methods.size();
    }

    /** Every rule the handler methods of {@code type} break, one message each; empty when all is well. */
    static List<String> problems(Class<?> type) {
        List<String> problems = new ArrayList<>();
        for (Method method : handlerMethods(type)) {
            try {
                resolvers(method);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    static Consumer<SocketIoSocket> connectHandler(Object target, Method method) {
        Bound bound = bound(target, method);
        return socket -> bound.invoke(new Call(socket, null, null));
    }

    static BiConsumer<SocketIoSocket, DisconnectReason> disconnectHandler(Object target, Method method) {
        Bound bound = bound(target, method);
        return (socket, reason) -> bound.invoke(new Call(socket, null, reason));
    }

    static EventHandler anyHandler(Object target, Method method) {
        Bound bound = bound(target, method);
        return (socket, event) -> bound.invoke(new Call(socket, event, null));
    }

    /** The method as an event handler: a non-null return value (or what a returned stage completes with) is the ack. */
    static EventHandler eventHandler(Object target, Method method) {
        Bound bound = bound(target, method);
        if (method.getReturnType() == void.class) {
            return (socket, event) -> bound.invoke(new Call(socket, event, null));
        }
        return (socket, event) -> {
            Object result = bound.invoke(new Call(socket, event, null));
            if (result instanceof CompletionStage<?> stage) {
                stage.whenComplete((value, failure) -> answer(method, event, value, failure));
            } else if (result != null && event.wantsAck()) {
                event.ack().send(result);
            }
        };
    }

    private static Bound bound(Object target, Method method) {
        List<Function<Call, Object>> resolvers = resolvers(method);
        method.setAccessible(true);
        return new Bound(method, resolvers, Modifier.isStatic(method.getModifiers()) ? null : target);
    }

    /** Sends what a returned stage completed with; a failure becomes an error ack (logged unless a rejection). */
    private static void answer(Method method, IncomingEvent event, Object value, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        try {
            if (cause == null) {
                if (value != null) {
                    event.ack().send(value);
                }
            } else if (cause instanceof EventRejectedException rejected) {
                event.ack().send(error(rejected.getMessage()));
            } else {
                LOG.log(Level.WARNING, describe(method) + " failed for event '" + event.name() + "'", cause);
                event.ack().send(error("Internal server error"));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not acknowledge event '" + event.name() + "' for " + describe(method), e);
        }
    }

    private static JsonValue error(String message) {
        return JsonBuilders.object().add("error", String.valueOf(message)).build();
    }

    // ---- checking and parameter resolution ----------------------------------------------------------------

    /**
     * The handler methods of a class and its superclasses (an override without an annotation hides the
     * overridden method's), in a stable order.
     */
    static List<Method> handlerMethods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Method[] declared = c.getDeclaredMethods();
            Arrays.sort(declared, Comparator.comparing(Method::getName).thenComparing(Method::toString));
            for (Method method : declared) {
                if (method.isSynthetic() || method.isBridge()
                        || !seen.add(method.getName() + Arrays.toString(method.getParameterTypes()))) {
                    continue;
                }
                if (KINDS.stream().anyMatch(method::isAnnotationPresent)) {
                    found.add(method);
                }
            }
        }
        return found;
    }

    private static Class<? extends Annotation> kindOf(Method method) {
        return KINDS.stream().filter(method::isAnnotationPresent).findFirst().orElse(null);
    }

    /** Checks the method against its annotation's rules and builds its parameter resolvers. */
    private static List<Function<Call, Object>> resolvers(Method method) {
        List<Class<? extends Annotation>> kinds = KINDS.stream().filter(method::isAnnotationPresent).toList();
        if (kinds.size() != 1) {
            throw refused(method, kinds.isEmpty() ? "has no handler annotation"
                    : "has more than one handler annotation: " + kinds.stream()
                            .map(k -> "@" + k.getSimpleName()).collect(Collectors.joining(", ")));
        }
        if (Modifier.isPrivate(method.getModifiers())) {
            throw refused(method, "must not be private (the bean's CDI proxy cannot call it)");
        }
        Class<? extends Annotation> kind = kinds.get(0);
        if (kind != OnEvent.class && method.getReturnType() != void.class) {
            throw refused(method, "must return void (only @OnEvent methods answer with their return value)");
        }
        Class<?>[] types = method.getParameterTypes();
        List<Function<Call, Object>> resolvers = new ArrayList<>();
        int acks = 0;
        int next = 0;
        for (int k = 0; k < types.length; k++) {
            Class<?> type = types[k];
            if (type == Ack.class) {
                acks++;
            }
            Function<Call, Object> fixed = fixedResolver(kind, type);
            if (fixed != null) {
                resolvers.add(fixed);
            } else if (kind == OnEvent.class && !NOT_ARGUMENTS.contains(type)) {
                resolvers.add(argumentResolver(method, k, next++));
            } else {
                throw refused(method, "has a parameter of unsupported type " + type.getSimpleName() + "; @"
                        + kind.getSimpleName() + " methods take " + SUPPORTED.get(kind));
            }
        }
        if (acks > 1) {
            throw refused(method, "has " + acks + " Ack parameters; an event has one acknowledgement");
        }
        if (kind == OnEvent.class) {
            String event = method.getAnnotation(OnEvent.class).value();
            if (event == null || event.isEmpty()) {
                throw refused(method, "has an empty event name");
            }
            if (SocketPacket.RESERVED_EVENT_NAMES.contains(event)) {
                throw refused(method, "handles the reserved event '" + event
                        + "', which clients cannot send; use @OnConnect, @OnDisconnecting or @OnDisconnect");
            }
            if (acks > 0 && method.getReturnType() != void.class) {
                throw refused(method, "has an Ack parameter and a return value; answer with one or the other");
            }
        }
        return List.copyOf(resolvers);
    }

    /** The resolver for a parameter type the kind supplies itself, or {@code null}. */
    private static Function<Call, Object> fixedResolver(Class<? extends Annotation> kind, Class<?> type) {
        if (type == SocketIoSocket.class) {
            return Call::socket;
        }
        if (type == Identity.class) {
            return call -> call.socket() == null ? null : call.socket().identity().orElse(null);
        }
        boolean event = kind == OnEvent.class || kind == OnAnyEvent.class;
        if (event && type == IncomingEvent.class) {
            return Call::event;
        }
        if (event && type == Ack.class) {
            return call -> call.event().ack();
        }
        if (event && type == Arguments.class) {
            return call -> call.event().args();
        }
        if (kind == OnAnyEvent.class && type == String.class) {
            return call -> call.event().name();
        }
        if ((kind == OnDisconnecting.class || kind == OnDisconnect.class) && type == DisconnectReason.class) {
            return Call::reason;
        }
        return null;
    }

    /**
     * Parameter {@code k} takes event argument {@code index}: missing or JSON null gives {@code null} (0 or false
     * for primitives) unless the parameter is a JSON-P type that holds null; a value that does not fit the type
     * refuses the event.
     */
    private static Function<Call, Object> argumentResolver(Method method, int k, int index) {
        Class<?> raw = method.getParameterTypes()[k];
        Type type = raw.isPrimitive() ? MethodType.methodType(raw).wrap().returnType()
                : method.getGenericParameterTypes()[k];
        Object absent = raw.isPrimitive() ? Array.get(Array.newInstance(raw, 1), 0) : null; // 0, false...
        boolean takesJsonNull = raw.isInstance(JsonValue.NULL);
        String event = method.getAnnotation(OnEvent.class).value();
        return call -> {
            Arguments args = call.event().args();
            if (index >= args.size() || (!takesJsonNull && args.json().isNull(index))) {
                return absent;
            }
            try {
                Object value = args.get(index, type);
                return value != null ? value : absent;
            } catch (IllegalArgumentException e) {
                throw new EventRejectedException("invalid argument " + index + " for event '" + event + "'");
            }
        };
    }

    private static IllegalArgumentException refused(Method method, String problem) {
        return new IllegalArgumentException(describe(method) + " " + problem);
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")";
    }
}
