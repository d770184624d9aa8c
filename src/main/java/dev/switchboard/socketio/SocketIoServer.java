package dev.switchboard.socketio;

import dev.switchboard.auth.TokenService;
import dev.switchboard.engineio.EngineServer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Socket.IO server, injectable anywhere ({@code @Inject SocketIoServer io}): emit to everyone, to rooms or to
 * one socket from JAX-RS resources, timers or CDI observers, and register namespaces and handlers in code. The
 * broadcast methods act on the main namespace {@code "/"}; {@link #of} reaches the others.
 */
@ApplicationScoped
public class SocketIoServer {

    @Inject
    private EngineServer engine;

    @Inject
    private AnnotatedHandlers annotated;

    @Inject
    private jakarta.enterprise.inject.Instance<AdapterFactory> adapterFactories;

    @Inject
    private TokenService tokens;

    @Inject
    private jakarta.enterprise.inject.Instance<RoomPolicy> roomPolicies;

    private AdapterFactory adapters;
    private Gatekeeper gatekeeper;

    private final Map<String, SocketIoNamespace> namespaces = new ConcurrentHashMap<>();
    private SocketIoConfig config;

    @PostConstruct
    void start() {
        config = SocketIoConfig.from(ConfigProvider.getConfig());
        adapters = adapterFactories.isResolvable() ? adapterFactories.get() : InMemoryAdapter::new;
        gatekeeper = new Gatekeeper(tokens::verify, config, tokens.settings().clockSkew());
        roomPolicies.forEach(gatekeeper::addRoomPolicy);
        of("/");
        annotated.registerAll(this);
    }

    /** Starts the server with the application, so a cluster node listens before its first client connects. */
    void startWithTheApplication(@jakarta.enterprise.event.Observes
                                 @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object ready) {
        // observing is enough: CDI creates the bean to deliver the event
    }

    /** The namespace with that name, created on first use (Socket.IO's {@code io.of(name)}). */
    public SocketIoNamespace of(String name) {
        String normalized = name == null || name.isEmpty() ? "/" : name.startsWith("/") ? name : "/" + name;
        return namespaces.computeIfAbsent(normalized, n -> new SocketIoNamespace(n, this::schedule, adapters, gatekeeper));
    }

    /** Adds a room policy (besides the {@link RoomPolicy} beans, which apply from the start). */
    public void addRoomPolicy(RoomPolicy policy) {
        gatekeeper.addRoomPolicy(policy);
    }

    /** Who may connect to a namespace (from {@code switchboard.security.namespaces} and the default policy). */
    public NamespacePolicy policy(String namespace) {
        return config.policy(namespace);
    }

    /** Every namespace that exists. */
    public Collection<SocketIoNamespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /** Emits to every socket of the main namespace. */
    public void emit(String event, Object... args) {
        of("/").emit(event, args);
    }

    public BroadcastOperator to(String... rooms) {
        return of("/").to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return of("/").in(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return of("/").except(rooms);
    }

    public BroadcastOperator local() {
        return of("/").local();
    }

    public BroadcastOperator asVolatile() {
        return of("/").asVolatile();
    }

    public BroadcastOperator timeout(Duration timeout) {
        return of("/").timeout(timeout);
    }

    /** Closes every namespace's adapter (the cluster connections) when the application stops. */
    @jakarta.annotation.PreDestroy
    void stop() {
        for (SocketIoNamespace namespace : namespaces.values()) {
            namespace.adapter().close();
        }
    }

    SocketIoConfig config() {
        return config;
    }

    /** An existing namespace, or {@code null}: clients cannot create namespaces. */
    SocketIoNamespace namespace(String name) {
        return namespaces.get(name);
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return engine.schedule(task, delay.toMillis());
    }
}
