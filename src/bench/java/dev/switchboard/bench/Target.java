package dev.switchboard.bench;

import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server under test: one or more processes, each with an address the clients connect to. */
abstract class Target implements AutoCloseable {

    static final Path NODE_DIR = Path.of("src", "bench", "node");
    static final String PATH = "/socket.io/";

    /**
     * What Switchboard needs to take the bench's load from one address: the connection cap, the per-address
     * connection rate and the per-connection event rate raised; everything else as shipped.
     */
    static final Map<String, String> SWITCHBOARD_SETTINGS = Map.of(
            "switchboard.limits.max-connections", "50000",
            "switchboard.limits.connection-rate-per-ip", "1000000",
            "switchboard.limits.connection-burst-per-ip", "1000000",
            "switchboard.limits.event-rate", "100000",
            "switchboard.limits.event-burst", "100000",
            "switchboard.engine.allowed-origins", "*");

    abstract String name();

    abstract List<InetSocketAddress> addresses();

    abstract List<Long> pids();

    /** Stops the target's processes for good. */
    abstract void shutdown();

    private boolean paused;
    private boolean closed;

    /**
     * Freezes every process of the target (SIGSTOP) while another server is measured: a frozen server takes no CPU
     * from the machine, and keeps what its warm-up compiled. Connect no clients to it meanwhile (its heartbeats
     * would come due all at once when it thaws).
     */
    void pause() throws IOException {
        signal("STOP");
        paused = true;
    }

    /** Lets a {@link #pause() paused} target run again (SIGCONT). */
    void resume() throws IOException {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) throws IOException {
        Signals.send(name, pids());
    }

    /** Stops the target, thawing it first if it is paused (a frozen process would not act on SIGTERM); once. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (paused) {
            try {
                resume();
            } catch (IOException e) {
                System.out.println(name() + ": " + e.getMessage());
            }
        }
        shutdown();
    }

    static Target switchboard(int nodes, String redisUrl) throws IOException {
        List<PayaraProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Map<String, String> settings = new java.util.HashMap<>(SWITCHBOARD_SETTINGS);
                // -Dbench.sb.<key>=<value> passes <key> to Switchboard (e.g. to compare a setting's two values)
                System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.sb."))
                        .forEach(k -> settings.put(k.substring("bench.sb.".length()), System.getProperty(k)));
                if (redisUrl != null) {
                    settings.put("switchboard.redis.url", redisUrl);
                    // its own channels: Node's adapter uses the default "socket.io" on the same Redis, and the two
                    // speak the same wire format (a paused cluster would be sent the other's messages)
                    settings.put("switchboard.redis.key", "switchboard-bench");
                }
                // -Dbench.sb-jvm="<options>" passes JVM options to Payara (e.g. the low-memory settings in the README)
                String jvm = System.getProperty("bench.sb-jvm", "").trim();
                started.add(PayaraProcess.start(PayaraProcess.builtWar(), settings,
                        jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+"))));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Target::stop);
            throw e;
        }
        return new Target() {
            String name() {
                return Report.SWITCHBOARD;
            }

            List<InetSocketAddress> addresses() {
                return started.stream().map(p -> new InetSocketAddress("127.0.0.1", p.port())).toList();
            }

            List<Long> pids() {
                return started.stream().map(PayaraProcess::pid).toList();
            }

            void shutdown() {
                started.forEach(Target::stop);
            }
        };
    }

    static Target node(int nodes, String redisUrl) throws IOException {
        List<NodeProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                started.add(redisUrl == null ? NodeProcess.start("server.mjs") : NodeProcess.start("server.mjs", redisUrl));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(NodeProcess::close);
            throw e;
        }
        return processes(Report.NODE, started);
    }

    static Target yardstick(int nodes, String redisUrl) throws IOException {
        List<NodeProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                started.add(redisUrl == null ? NodeProcess.start("yardstick.mjs")
                        : NodeProcess.start("yardstick.mjs", redisUrl));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(NodeProcess::close);
            throw e;
        }
        return processes(Report.YARDSTICK, started);
    }

    private static Target processes(String name, List<NodeProcess> started) {
        return new Target() {
            String name() {
                return name;
            }

            List<InetSocketAddress> addresses() {
                return started.stream().map(p -> new InetSocketAddress("127.0.0.1", p.port)).toList();
            }

            List<Long> pids() {
                return started.stream().map(p -> p.process.pid()).toList();
            }

            void shutdown() {
                started.forEach(NodeProcess::close);
            }
        };
    }

    private static void stop(PayaraProcess p) {
        try {
            p.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A Node.js script from src/bench/node on a free port, ready once it prints {@code listening}. */
    static final class NodeProcess implements AutoCloseable {
        final Process process;
        final int port;

        private NodeProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static NodeProcess start(String script, String... extra) throws IOException {
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("socket.io"))) {
                throw new IllegalStateException("the bench's Node packages are missing: run it with `mvn -Pbench verify`"
                        + " (it runs `npm ci` in " + NODE_DIR + ")");
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of("node", NODE_DIR.resolve(script).toString(),
                    String.valueOf(port)));
            command.addAll(List.of(extra));
            Path log = Path.of("target", "bench", script.replace(".mjs", "") + "-" + port + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"listening".equals(line)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not start: " + line);
            }
            Thread pump = new Thread(() -> {
                try (var w = Files.newBufferedWriter(log)) {
                    for (String l; (l = out.readLine()) != null; ) {
                        w.write(l);
                        w.newLine();
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "log-" + port);
            pump.setDaemon(true);
            pump.start();
            return new NodeProcess(process, port);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
