package dev.switchboard.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The official Socket.IO server with {@code @socket.io/redis-adapter} ({@code src/test/node/reference-server.mjs})
 * as a subprocess on a free port: ready once it prints {@code listening}; its output goes to
 * {@code target/node-logs/reference-server-<port>.log}. Needs Node.js 20+ on the PATH (or the
 * {@code switchboard.node} system property) and the packages {@code npm ci} installs in {@code src/test/node};
 * without them it fails, saying which is missing.
 */
final class NodeReferenceServer implements AutoCloseable {

    private static final Path NODE_DIR = Path.of(System.getProperty("switchboard.node.dir", "src/test/node"));
    private static final String NODE = System.getProperty("switchboard.node", "node");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private NodeReferenceServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static NodeReferenceServer start(String redisUrl) throws IOException, InterruptedException {
        for (String module : List.of("socket.io", "@socket.io/redis-adapter", "ioredis")) {
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(module))) {
                throw new IllegalStateException("the Node package '" + module + "' is not installed in "
                        + NODE_DIR.toAbsolutePath() + " (`mvn verify` runs `npm ci` there in pre-integration-test)");
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "node-logs", "reference-server-" + port + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = List.of(NODE, NODE_DIR.resolve("reference-server.mjs").toString(), String.valueOf(port),
                redisUrl);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Node.js 20+ is required on the PATH for the mixed-cluster test, but `"
                    + NODE + "` cannot run: " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        NodeReferenceServer server = new NodeReferenceServer(process, port, log);
        server.awaitListening(command);
        return server;
    }

    URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Copies the output to the log file and completes when the line {@code listening} has come. */
    private void awaitListening(List<String> command) throws IOException, InterruptedException {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread copier = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null; ) {
                    file.write(line + "\n");
                    file.flush();
                    if (line.strip().equals("listening")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                listening.completeExceptionally(new IllegalStateException("the output ended"));
            }
        }, "reference-server-" + port + "-output");
        copier.setDaemon(true);
        copier.start();
        try {
            listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException(String.join(" ", command) + " did not print 'listening' within "
                    + START_TIMEOUT + " (" + e + "); its output:\n" + log(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
