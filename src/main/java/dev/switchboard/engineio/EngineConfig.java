package dev.switchboard.engineio;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Every Engine.IO setting, read once from MicroProfile Config. Defaults are Socket.IO's. The README lists each key;
 * environment variables follow MicroProfile's mapping ({@code switchboard.engine.ping-interval} →
 * {@code SWITCHBOARD_ENGINE_PING_INTERVAL}).
 *
 * @param path            where the engine listens under the context root, with leading and trailing slash
 * @param pingInterval    ms between server pings
 * @param pingTimeout     ms the client has to answer a ping
 * @param upgradeTimeout  ms a WebSocket probe may take to complete the upgrade
 * @param maxPayload      the most bytes one message (WebSocket) or one POST body (polling) may carry
 * @param transports      enabled transports
 * @param allowedOrigins  cross-origin origins allowed on polling and WebSocket ({@code *} allows any);
 *                        same-origin requests and requests without an Origin header are always allowed
 * @param sendQueueLimit  packets that may wait for one client before it is closed as a slow consumer
 * @param writeThreads    threads that write large broadcasts out to WebSocket clients ({@link WriteLanes});
 *                        0 writes every frame on the thread that sends it
 * @param fastPaths       which container-specific fast paths may be used where the container has them
 */
public record EngineConfig(String path, long pingInterval, long pingTimeout, long upgradeTimeout, int maxPayload,
                           Set<TransportKind> transports, Set<String> allowedOrigins, int sendQueueLimit,
                           int writeThreads, FastPaths fastPaths) {

    /**
     * The container fast paths (README, "Benchmark"), each found and checked at run time and skipped anywhere it
     * does not fit; {@code false} keeps the portable path even where it would fit.
     *
     * @param tyrusIdleShortcut    skip Tyrus's per-frame idle-timer task ({@code websocket.IdleTimerShortcut})
     * @param tyrusRawFrames       write frames encoded once per broadcast through Tyrus's SPI ({@code RawFrames})
     * @param grizzlyDirectWrites  then straight into Grizzly's write queue ({@code GrizzlyDirectWrites})
     * @param grizzlyWriterThreads run the writer threads as Grizzly worker threads ({@link GrizzlyWriterThreads})
     * @param grizzlyWebSocket     upgrade WebSocket requests to connections Switchboard reads and writes itself,
     *                             below the servlet container ({@code websocket.GrizzlyWebSocket}), instead of Tyrus
     */
    public record FastPaths(boolean tyrusIdleShortcut, boolean tyrusRawFrames, boolean grizzlyDirectWrites,
                            boolean grizzlyWriterThreads, boolean grizzlyWebSocket) {
        /** Every fast path allowed (the default). */
        public static final FastPaths ALL = new FastPaths(true, true, true, true, true);
        /** The portable path only. */
        public static final FastPaths NONE = new FastPaths(false, false, false, false, false);
    }

    public static final String PREFIX = "switchboard.engine.";
    public static final String DEFAULT_PATH = "/socket.io/";

    public EngineConfig {
        path = normalizePath(path);
        transports = transports.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(transports));
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (pingInterval <= 0 || pingTimeout <= 0 || upgradeTimeout <= 0 || maxPayload <= 0 || sendQueueLimit <= 0) {
            throw new IllegalArgumentException("engine timings and limits must be positive");
        }
        java.util.Objects.requireNonNull(fastPaths, "fastPaths");
        if (writeThreads < 0) {
            throw new IllegalArgumentException(PREFIX + "write-threads must be 0 or more");
        }
        if (transports.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "transports enables no transport");
        }
    }

    public static EngineConfig from(Config config) {
        return new EngineConfig(
                config.getOptionalValue("switchboard.path", String.class).orElse(DEFAULT_PATH),
                config.getOptionalValue(PREFIX + "ping-interval", Long.class).orElse(25_000L),
                config.getOptionalValue(PREFIX + "ping-timeout", Long.class).orElse(20_000L),
                config.getOptionalValue(PREFIX + "upgrade-timeout", Long.class).orElse(10_000L),
                config.getOptionalValue(PREFIX + "max-payload", Integer.class).orElse(1_000_000),
                transports(config.getOptionalValues(PREFIX + "transports", String.class)
                        .orElse(List.of("polling", "websocket"))),
                new LinkedHashSet<>(config.getOptionalValues(PREFIX + "allowed-origins", String.class)
                        .orElse(List.of())),
                config.getOptionalValue(PREFIX + "send-queue-limit", Integer.class).orElse(1024),
                config.getOptionalValue(PREFIX + "write-threads", Integer.class)
                        .orElse(defaultWriteThreads(Runtime.getRuntime().availableProcessors())),
                new FastPaths(
                        config.getOptionalValue(PREFIX + "tyrus-idle-shortcut", Boolean.class).orElse(true),
                        config.getOptionalValue(PREFIX + "tyrus-raw-frames", Boolean.class).orElse(true),
                        config.getOptionalValue(PREFIX + "grizzly-direct-writes", Boolean.class).orElse(true),
                        config.getOptionalValue(PREFIX + "grizzly-writer-threads", Boolean.class).orElse(true),
                        config.getOptionalValue(PREFIX + "grizzly-websocket", Boolean.class).orElse(true)));
    }

    /**
     * One writer thread per core but one, at least one: the thread that reads the emit (or Redis's message) and
     * queues it is busy too. On 2 cores one writer beat two in every figure of the bench (README, "Writer threads for
     * large broadcasts"): less CPU per delivery, a shorter p99 on one node and across two, a higher maximum rate. None
     * (0) writes every frame on the emitting thread: one socket write per frame, 98,000 deliveries/s at most.
     */
    static int defaultWriteThreads(int cores) {
        return Math.max(1, cores - 1);
    }

    public boolean enabled(TransportKind kind) {
        return transports.contains(kind);
    }

    /** The transports a polling client may upgrade to (the handshake's {@code upgrades}). */
    public List<String> upgradesFrom(TransportKind kind) {
        return kind == TransportKind.POLLING && enabled(TransportKind.WEBSOCKET)
                ? List.of(TransportKind.WEBSOCKET.wireName()) : List.of();
    }

    private static Set<TransportKind> transports(List<String> names) {
        Set<TransportKind> kinds = EnumSet.noneOf(TransportKind.class);
        for (String name : names) {
            TransportKind kind = TransportKind.fromWireName(name.trim());
            if (kind == null) {
                throw new IllegalArgumentException(PREFIX + "transports: unknown transport '" + name + "'");
            }
            kinds.add(kind);
        }
        return kinds;
    }

    static String normalizePath(String path) {
        String p = path == null || path.isBlank() ? DEFAULT_PATH : path.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p.endsWith("/") ? p : p + "/";
    }
}
