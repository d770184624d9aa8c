package dev.switchboard.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.engineio.EngineProbeServlet;
import dev.switchboard.engineio.PollingClient;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.PayaraProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Throws the {@link FrameCorpus} (over 10,000 malformed and random Engine.IO / Socket.IO frames, fixed seed) at a
 * live server over WebSocket and over polling at once (half of it over each, see {@link #share}), while a canary
 * client keeps asking for acknowledgements.
 * Bad input must get protocol-correct answers (HTTP 400/413 with the JSON error body, a WebSocket close with a
 * protocol status, a Socket.IO CONNECT_ERROR) and hurt nobody else: no 5xx, no 1011, no stack trace in the log,
 * no session left behind, every canary ping answered. The seed is printed with every failure; rerun with
 * {@code -Dfuzz.seed=N} to reproduce.
 */
class FuzzIT {

    /**
     * Fuzzing connections at once, plus the canary. WebSocket gets more: most entries end their connection, and a
     * new WebSocket costs more than a new polling session.
     */
    private static final int WEBSOCKET_WORKERS = 4;
    private static final int POLLING_WORKERS = 2;
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /**
     * A backstop only: a server that stops answering fails an entry after {@link #ANSWER}. The run takes about a
     * minute and a half on two busy cores (the server spends some 10 ms of CPU on each new WebSocket).
     */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(240);
    private static final Duration CANARY_PERIOD = Duration.ofMillis(50);
    private static final Duration CANARY_ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /**
     * Generous limits, so that rate limiting (when the server has it) never stands between the corpus and the code
     * it is meant to reach; keys the server does not know are ignored. Shorter heartbeat and connect timeout than
     * the defaults: the session PayaraProcess opened to see the server up (it never joins a namespace) is gone
     * within seconds instead of a minute, and long-lived fuzz connections also meet those timers.
     */
    private static final Map<String, String> SETTINGS = Map.of(
            "switchboard.engine.ping-interval", "10000",
            "switchboard.engine.ping-timeout", "5000",
            "switchboard.socketio.connect-timeout", "5000",
            "switchboard.limits.connection-rate-per-ip", "100000",
            "switchboard.limits.connection-burst-per-ip", "100000",
            "switchboard.limits.max-connections", "100000",
            "switchboard.limits.event-rate", "100000",
            "switchboard.limits.event-burst", "100000",
            "switchboard.security.default-namespace-policy", "anonymous");

    @Test
    void malformedFramesOnBothTransportsGetProtocolErrorsAndHurtNobodyElse() throws Exception {
        long seed = FrameCorpus.seedFromSystemProperty();
        List<FuzzFrame> corpus = FrameCorpus.generate(seed);
        FuzzReport report = new FuzzReport(seed);
        List<String> failures = new ArrayList<>();
        try (PayaraProcess payara = PayaraProcess.start(testWar(), SETTINGS)) {
            URI base = payara.base();
            PollingClient http = new PollingClient(base.resolve("socket.io/"), HttpClient.Version.HTTP_1_1);
            JsonObject before = probe(http, base);
            long started = System.nanoTime();
            String canarySummary;
            try (Canary canary = Canary.start(base, CANARY_PERIOD, CANARY_ACK_TIMEOUT)) {
                runFuzzers(base, corpus, report);
                String canaryProblems = canary.stopAndCheck();
                canarySummary = canary.summary();
                System.out.printf("fuzz seed %d: %d entries over the two transports in %d ms; %s%n%s%n", seed,
                        corpus.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), canarySummary,
                        report.outcomes());
                if (!report.violations().isEmpty()) {
                    failures.add("bad outcomes:" + report.describeViolations(20));
                }
                if (!canaryProblems.isEmpty()) {
                    failures.add("the canary suffered: " + canaryProblems);
                }
                settled(failures, "only the canary's session to remain",
                        () -> probe(http, base).getInt("sessions") == 1);
                settled(failures, "the engine's threads back to where they were", () -> {
                    JsonObject now = probe(http, base);
                    return now.getInt("switchboardThreads") == before.getInt("switchboardThreads")
                            && now.getInt("engineThreads") == before.getInt("engineThreads");
                });
            }
            List<String> logProblems = ServerLog.problems(payara.log(), report);
            if (!logProblems.isEmpty()) {
                failures.add("the server log has " + logProblems.size() + " problem(s); the first:\n"
                        + String.join("\n", logProblems.subList(0, Math.min(5, logProblems.size()))));
            }
            assertTrue(failures.isEmpty(), report.header() + "\n" + canarySummary + "\n" + String.join("\n", failures));
        }
    }

    /** Waits for a condition of the server's state to hold; records a failure (and goes on) when it does not. */
    private static void settled(List<String> failures, String what, java.util.function.BooleanSupplier condition) {
        try {
            Await.until(what, SETTLE, condition);
        } catch (AssertionError stuck) {
            failures.add(stuck.getMessage());
        }
    }

    /** Runs the WebSocket and polling fuzzers side by side, each over its share; fails if they do not finish. */
    private static void runFuzzers(URI base, List<FuzzFrame> corpus, FuzzReport report) throws Exception {
        List<FuzzFrame> overWebSocket = share(corpus, 0);
        List<FuzzFrame> overPolling = share(corpus, 1);
        ExecutorService pool = Executors.newFixedThreadPool(WEBSOCKET_WORKERS + POLLING_WORKERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int k = 0; k < WEBSOCKET_WORKERS; k++) {
                running.add(pool.submit(new WebSocketFuzzer(base, overWebSocket, k, WEBSOCKET_WORKERS, ANSWER, report)));
            }
            for (int k = 0; k < POLLING_WORKERS; k++) {
                running.add(pool.submit(new PollingFuzzer(base, overPolling, k, POLLING_WORKERS, report)));
            }
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            for (Future<?> f : running) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    fail(report.header() + "\nthe fuzz run did not finish within " + RUN_LIMIT
                            + "\nbad outcomes so far:" + report.describeViolations(20));
                } catch (ExecutionException e) {
                    throw new AssertionError(report.header() + "\na fuzzer failed: " + e.getCause()
                            + "\nbad outcomes so far:" + report.describeViolations(20), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The entries one transport gets: the even-numbered ones go over WebSocket, the odd-numbered ones over polling
     * (the corpus is shuffled, so each transport gets about half of every category), and the few OVERSIZED and EMPTY
     * entries over both, so that each transport meets every size around maxPayload and every kind of empty frame.
     * Each entry over both transports would double a run that must stay short on two cores.
     */
    static List<FuzzFrame> share(List<FuzzFrame> corpus, int parity) {
        return corpus.stream()
                .filter(f -> f.index() % 2 == parity || f.category() == FrameCorpus.Category.OVERSIZED
                        || f.category() == FrameCorpus.Category.EMPTY)
                .toList();
    }

    /** The built WAR plus the fuzz handlers and the engine probe, exported to {@code target/}. */
    private static Path testWar() {
        Path built = PayaraProcess.builtWar();
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("the built WAR is missing: " + built.toAbsolutePath()
                    + " (run the tests with `mvn verify`)");
        }
        Path war = Path.of("target", "switchboard-fuzz-test.war");
        ShrinkWrap.createFromZipFile(WebArchive.class, built.toFile())
                .addClasses(FuzzHandlers.class, FuzzTypedHandlers.class, FuzzTypedHandlers.Point.class,
                        EngineProbeServlet.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile(), true);
        return war;
    }

    /** The engine's figures from {@link EngineProbeServlet}: sessions, timers, threads. */
    private static JsonObject probe(PollingClient http, URI base) {
        String body = http.get(base.resolve("test-probe/engine")).body();
        return Json.createReader(new StringReader(body)).readObject();
    }
}
