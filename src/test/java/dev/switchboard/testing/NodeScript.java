package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code src/test/node} to its end, as the demo tests do: Node.js 20+ from the PATH (or the
 * {@code switchboard.node} system property), the packages {@code npm ci} installed there, output (stdout and
 * stderr) kept in {@code target/node-logs/<name>.log}, a timeout that kills the script and its children, and
 * {@code CHROMIUM} in its environment for the browser scripts. Missing tools are reported as
 * {@link AssertionError}s that say what to install: the tests fail, they never skip.
 */
public final class NodeScript {

    private static final Path DIR = Path.of(System.getProperty("switchboard.node.dir", "src/test/node"));
    private static final String NODE = System.getProperty("switchboard.node", "node");
    private static final Path CHROMIUM = Path.of(System.getProperty("switchboard.chromium", "/usr/bin/chromium"));
    private static final Path LOGS = Path.of("target", "node-logs");

    private NodeScript() {
    }

    /** A finished command: its exit code and output. */
    public record Run(String command, int exitCode, String output) {

        /** The command and its output, for assertion messages. */
        public String report() {
            return "$ " + command + "\n" + output;
        }
    }

    /** Fails unless Node.js 20+ runs and `npm ci` has installed the scripts' packages (among them {@code module}). */
    public static void requireNode(String module) throws IOException, InterruptedException {
        Run version;
        try {
            version = run("node-version", List.of(NODE, "--version"), Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new AssertionError("Node.js 20+ is required on the PATH, but `" + NODE + "` cannot run: "
                    + e.getMessage(), e);
        }
        String v = version.output().strip();
        if (version.exitCode() != 0 || !v.matches("v\\d+\\..*")
                || Integer.parseInt(v.substring(1, v.indexOf('.'))) < 20) {
            throw new AssertionError("Node.js 20+ is required; `" + NODE + " --version` said: " + v);
        }
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve(module))) {
            throw new AssertionError("the Node package '" + module + "' is not installed in " + DIR.toAbsolutePath()
                    + " (`mvn verify` runs `npm ci` there in pre-integration-test)");
        }
    }

    /** Fails unless Chromium is where the browser scripts look for it. */
    public static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("Chromium is required at " + CHROMIUM + " for the browser tests"
                    + " (Debian: apt-get install chromium; .ci/run installs it)");
        }
    }

    /** Runs {@code node src/test/node/<script> <args>}; its output goes to {@code target/node-logs/<logName>.log}. */
    public static Run script(String logName, Duration timeout, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(NODE, DIR.resolve(script).toString()));
        command.addAll(List.of(args));
        return run(logName, command, timeout);
    }

    private static Run run(String logName, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + Files.readString(log));
        }
        return new Run(String.join(" ", command), process.exitValue(), Files.readString(log));
    }
}
