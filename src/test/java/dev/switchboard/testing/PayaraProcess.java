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
 * the server in the middle of a test, freezing it, or several instances at once. Runs the built WAR (or another
 * one, such as the built WAR plus test-only handlers) at context root {@code /} on a free port, with system
 * properties as configuration; its log goes to {@code target/payara-<port>.log}.
 */
public final class PayaraProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Payara's kernel starts its services on four threads by default, and now and then two of them race on one
     * service's listener list (HK2's SystemDescriptor.invokeInstanceListeners throws
     * ConcurrentModificationException) and the server exits with "Server failed to start". Starting the services
     * on one thread removes the race; on these 2-core machines the start takes as long either way (~12.5 s).
     * arquillian.xml and the payara-micro plugin in pom.xml pass the same option.
     */
    static final String SERIAL_BOOT = "-Dorg.glassfish.startupThreadPolicy=USE_NO_THREADS";

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts an instance of the built WAR and returns once its engine answers HTTP. */
    public static PayaraProcess start(Map<String, String> properties) throws IOException {
        return start(builtWar(), properties);
    }

    /**
     * Starts an instance of another WAR (e.g. the built one plus test-only classes, exported into
     * {@code target/}; a folder deploys exploded) and returns once its engine answers HTTP.
     */
    public static PayaraProcess start(Path war, Map<String, String> properties) throws IOException {
        return start(war, properties, List.of());
    }

    /** As {@link #start(Path, Map)}, with more options for the server's JVM (e.g. garbage collector settings). */
    public static PayaraProcess start(Path war, Map<String, String> properties, List<String> jvmOptions)
            throws IOException {
        File jar = new File(System.getProperty("payara.microJar", "target/payara-micro.jar"));
        if (!jar.isFile() || !Files.exists(war)) {
            throw new IllegalStateException("run with `mvn verify`: missing " + (jar.isFile() ? war : jar));
        }
        int port = freePort();
        Path log = Path.of("target", "payara-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(SERIAL_BOOT);
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.getPath(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast",
                "--prebootcommandfile", "server-config/pre-boot-commands.txt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PayaraProcess payara = new PayaraProcess(process, port, log);
        payara.awaitReady();
        return payara;
    }

    /** The WAR that `mvn package` built ({@code switchboard.war} system property, set by Failsafe). */
    public static Path builtWar() {
        return Path.of(System.getProperty("switchboard.war", "target/switchboard.war"));
    }

    public URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** The Payara Micro JVM's process id (the benchmark reads its CPU time and memory from /proc). */
    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM (a normal shutdown: undeploy runs) and waits for the process to end. */
    public void stop() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume(); // a frozen JVM cannot run its shutdown hooks
            } catch (IOException e) {
                // no `kill` command: SIGTERM still ends a running process, and destroyForcibly a frozen one
            }
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** True until the process has ended. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Freezes the process (SIGSTOP): it keeps its connections open but answers nothing, like a hung or
     * partitioned node. {@link #resume()} undoes it; {@link #stop()} works on a frozen process too.
     */
    public void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a {@link #suspend() frozen} process run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** The log file, {@code target/payara-<port>.log}. */
    public Path logFile() {
        return log;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws IOException {
        // HTTP/1.1, so that a timed-out poll closes its connection. Over h2c (the JDK's default) the polls share one
        // connection; on a loaded machine one start saw no poll reach the application for 70 s after it was up.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
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

    private void signal(String name) throws IOException, InterruptedException {
        Signals.send(name, List.of(process.pid()));
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
