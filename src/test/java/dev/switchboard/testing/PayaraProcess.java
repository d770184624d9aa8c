package dev.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Payara Micro process run by a test itself, for what Arquillian's one-container-per-class cannot do: stopping
 * the server in the middle of a test, or several instances at once. Runs the built WAR at context root {@code /}
 * on a free port, with system properties as configuration; its log goes to {@code target/payara-<port>.log}.
 */
public final class PayaraProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts an instance and returns once its engine answers HTTP. */
    public static PayaraProcess start(Map<String, String> properties) throws IOException {
        File jar = new File(System.getProperty("payara.microJar", "target/payara-micro.jar"));
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        if (!jar.isFile() || !war.isFile()) {
            throw new IllegalStateException("run with `mvn verify`: missing " + (jar.isFile() ? war : jar));
        }
        int port = freePort();
        Path log = Path.of("target", "payara-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.getPath(), "--deploy", war.getPath(), "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast",
                "--prebootcommandfile", "server-config/pre-boot-commands.txt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PayaraProcess payara = new PayaraProcess(process, port, log);
        payara.awaitReady();
        return payara;
    }

    public URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** Sends SIGTERM (a normal shutdown: undeploy runs) and waits for the process to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(base().resolve("socket.io/?EIO=4&transport=polling"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited during start:\n" + log());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        process.destroyForcibly();
        throw new IllegalStateException("Payara Micro did not start within " + START_TIMEOUT + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
