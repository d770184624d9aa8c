package dev.switchboard.bench;

import dev.switchboard.testing.RedisServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark: Switchboard, the Node.js reference server and the raw yardstick on this machine, under the same
 * load generator; prints a markdown table and writes it to {@code target/bench/results.md}. Run it with
 * {@code mvn -Pbench verify} (README, "Benchmark"). The fixed-rate steps of (a) and (b) take turns between the
 * servers ({@link #rounds}); the rest runs one server after the other.
 * <p>
 * Scenarios: (a) fan-out to N clients at a fixed rate, and the highest rate sustained with no loss and
 * p99 &lt; 250 ms; (b) the same across two nodes and Redis; (c) many idle connections; (d) overload at twice
 * the highest sustained rate.
 * <p>
 * System properties: {@code bench.clients} (1000), {@code bench.idle} (10000), {@code bench.rate} (50 msg/s
 * for the fixed-rate figures), {@code bench.seconds} (10), {@code bench.warmup} (15 s at the fixed rate before
 * measuring, then more while a JVM's JIT compilers are busy, up to {@code bench.warmup-limit}, 180 s), {@code bench.repeat} (5: runs of the fixed-rate step,
 * each figure the median of them), {@code bench.quick} (a short smoke run, one run),
 * {@code bench.scenarios} (e.g. {@code a,b,c,d}), {@code bench.servers} (e.g. {@code switchboard,node}),
 * {@code bench.sb.<key>} (a Switchboard setting, e.g. {@code -Dbench.sb.switchboard.engine.send-queue-limit=64}),
 * {@code bench.inspect} (scenario (c): after each RSS sample, write what the Switchboard JVM says of its heap,
 * threads, classes and native memory to {@code target/bench/inspect/}; the class histogram collects the heap, so the
 * figures of a run with it are not comparable; for the native part, {@code bench.sb-jvm} must hold
 * {@code -XX:NativeMemoryTracking=summary} besides its usual options).
 */
public final class Bench {

    private static final String A = "(a) fan-out, 1 node";
    private static final String B = "(b) 2 nodes + Redis";
    private static final String C = "(c) idle connections";
    private static final String D = "(d) overload, 2× max rate";

    private final boolean quick = Boolean.getBoolean("bench.quick");
    private final int clients = Integer.getInteger("bench.clients", quick ? 200 : 1000);
    private final int idle = Integer.getInteger("bench.idle", quick ? 1000 : 10_000);
    private final double rate = number("bench.rate", 50);
    private final double seconds = number("bench.seconds", quick ? 3 : 10);
    private final int repeat = Integer.getInteger("bench.repeat", quick ? 1 : 5);
    /**
     * Seconds at the fixed rate before anything is measured, the same for every server; then {@link #warmUp}
     * goes on while a JVM's JIT compilers are still busy.
     */
    private final double warmup = number("bench.warmup", quick ? 2 : 15);
    /** The most a warm-up lasts while JIT compilers are still busy (seconds). */
    private final double warmupLimit = number("bench.warmup-limit", quick ? 2 : 180);
    private final double searchSeconds = quick ? 2 : 5;
    /**
     * How long (c) lets a server idle before each RSS sample: three periods of the low-memory settings' periodic
     * collection (10 s), which gives the free heap back only after 10 s without a collection. With 20 s, one run's
     * sample before the clients caught a heap not yet given back (452 MB against 283-287 in the runs before) and
     * the RSS per connection came out negative.
     */
    private static final int SETTLE_SECONDS = 30;
    /**
     * How long (c) measures the CPU of idle connections: longer than the heartbeat period (Socket.IO's ping every
     * 25 s, Switchboard's and Node's default), so every connection's ping and pong fall inside it. A 10 s window
     * caught the heartbeats of some connections or of none, depending on how long connecting took: Node, connected
     * in under 5 s, was measured between its first and second round of pings (0.1 % of a core in one run, 9.3 % in
     * another).
     */
    private static final int IDLE_CPU_SECONDS = 30;
    /** Seconds at the fixed rate, unmeasured, before each measured step of a round ({@link #rounds}). */
    private static final int ROUND_WARMUP_SECONDS = 5;
    private final String scenarios = System.getProperty("bench.scenarios", "a,b,c,d");
    private final List<String> servers = java.util.Arrays.stream(System.getProperty("bench.servers",
            "switchboard,node,yardstick").split(",")).map(String::trim).map(Bench::serverName).toList();
    private final boolean inspect = Boolean.getBoolean("bench.inspect");
    /**
     * False: no search for the highest rate (nor overload) in (a) and (b), only the fixed-rate steps: for comparing
     * latency settings with many repeats in a few minutes.
     */
    private final boolean search = !"false".equals(System.getProperty("bench.search", "").trim());
    private final Report report = new Report();

    private static String serverName(String key) {
        return switch (key) {
            case "switchboard" -> Report.SWITCHBOARD;
            case "node" -> Report.NODE;
            case "yardstick" -> Report.YARDSTICK;
            default -> throw new IllegalArgumentException("bench.servers: switchboard, node or yardstick, not " + key);
        };
    }

    /** A decimal system property; unset or empty (the pom passes empty ones) means the default. */
    private static double number(String key, double fallback) {
        String v = System.getProperty(key, "").trim();
        return v.isEmpty() ? fallback : Double.parseDouble(v);
    }

    public static void main(String[] args) throws Exception {
        new Bench().run();
    }

    private void run() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("bench.repeat: at least 1, not " + repeat);
        }
        Instant started = Instant.now();
        String machine = Machine.describe();
        System.out.println("bench on " + machine);
        if (scenarios.contains("a") || scenarios.contains("d")) {
            fanOut();
        }
        if (scenarios.contains("c")) {
            for (String server : servers) {
                try (Target target = start(server, 1, null)) {
                    idle(target);
                }
            }
        }
        if (scenarios.contains("b")) {
            try (RedisServerFixture redis = RedisServerFixture.started()) {
                twoNodes(redis.url());
            }
        }
        String header = "Benchmark run " + started.toString().substring(0, 16).replace('T', ' ') + " UTC, "
                + Duration.between(started, Instant.now()).toMinutes() + " min, on " + machine + "; " + clients
                + " clients, " + rate + " msg/s fixed rate" + (repeat > 1 ? ", median of " + repeat + " runs" : "")
                + (quick ? " (quick smoke run: small numbers)" : "");
        String table = report.markdown(header);
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", "results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    private static Target start(String server, int nodes, String redisUrl) throws IOException {
        System.out.println("starting " + server + " × " + nodes);
        return switch (server) {
            case Report.SWITCHBOARD -> Target.switchboard(nodes, redisUrl);
            case Report.NODE -> Target.node(nodes, redisUrl);
            default -> Target.yardstick(nodes, redisUrl);
        };
    }

    /**
     * (a) and (d): every server on one node, warmed up; the fixed-rate step in {@link #rounds}; then, one server
     * after the other, the search for the highest sustained rate and the overload.
     */
    private void fanOut() throws IOException {
        List<Target> targets = startAll(1, null);
        try {
            List<Repeats> fixed = rounds(targets, "", "fixed");
            String figure = String.format(Locale.ROOT, "%.0f msg/s × %d clients", rate, clients);
            for (int i = 0; i < targets.size(); i++) {
                String name = targets.get(i).name();
                Repeats f = fixed.get(i);
                report.put(A, "server CPU per delivery, " + figure, "µs", name,
                        f.median(Load.Step::serverMicrosPerDelivery),
                        f.note(String.format(Locale.ROOT, "user %.2f, sys %.2f",
                                f.median(Load.Step::serverUserMicrosPerDelivery),
                                f.median(Load.Step::serverSystemMicrosPerDelivery))
                                + (jit(f) == null ? "" : "; " + jit(f)), Load.Step::serverMicrosPerDelivery));
                p99(A, "p99 latency, " + figure, name, f, Load.Step::latency);
                report.put(A, "lost deliveries, " + figure, "", name, f.max(Load.Step::lost),
                        f.runs() > 1 ? "(max of " + f.runs() + " runs)" : null);
                report.put(A, "load generator CPU per delivery", "µs", name,
                        f.median(Load.Step::generatorMicrosPerDelivery),
                        f.note(null, Load.Step::generatorMicrosPerDelivery));
            }
            if (!search) {
                return;
            }
            for (Target target : targets) {
                String name = target.name();
                target.resume();
                try (Load load = new Load(target, clients)) {
                    Load.Step best = search(load, name);
                    if (best != null) {
                        report.put(A, "max deliveries/s, no loss, p99 < 250 ms", "", name, best.deliveriesPerSecond(),
                                String.format(Locale.ROOT, "(%.0f msg/s, p99 %.0f ms)", best.rate(),
                                        best.latency().percentile(0.99) / 1000.0));
                        if (scenarios.contains("d")) {
                            load.settle(Duration.ofSeconds(1), Duration.ofSeconds(30));
                            overload(target, load, best.rate() * 2);
                        }
                    }
                }
                target.close(); // done with it: the next server's search has the machine to itself
            }
        } finally {
            targets.forEach(Target::close);
        }
    }

    /** Starts every server with {@code nodes} nodes, each paused once it is up. */
    private List<Target> startAll(int nodes, String redisUrl) throws IOException {
        List<Target> targets = new ArrayList<>();
        try {
            for (String server : servers) {
                Target target = start(server, nodes, redisUrl);
                targets.add(target);
                target.pause();
            }
        } catch (IOException | RuntimeException e) {
            targets.forEach(Target::close);
            throw e;
        }
        return targets;
    }

    /**
     * The fixed-rate step of every server, {@code repeat} times, in rounds: each server is warmed up ({@link
     * #warmUp}) and paused, then each round thaws one server at a time, connects the clients, runs an unmeasured
     * {@value #ROUND_WARMUP_SECONDS} s at the rate (the thawed server's overdue timers, cold caches), measures one
     * step, disconnects and pauses it again; the order rotates from round to round. Run one server's steps after
     * another instead and a slow spell of the shared machine lands on one server only: in a scenario (b) run of
     * 2026-12-05 the load generator's own CPU per delivery rose by 60 % within a minute, and Switchboard's p99 with
     * it, from 14.6 to 19.4-21.3 ms. Returns the steps of each server, in the order of {@code targets}.
     */
    private List<Repeats> rounds(List<Target> targets, String suffix, String what) throws IOException {
        for (Target target : targets) {
            target.resume();
            warmUp(target, target.name() + suffix);
            target.pause();
        }
        List<List<Load.Step>> steps = new ArrayList<>();
        targets.forEach(t -> steps.add(new ArrayList<>()));
        for (int round = 0; round < repeat; round++) {
            for (int k = 0; k < targets.size(); k++) {
                int i = (round + k) % targets.size();
                Target target = targets.get(i);
                target.resume();
                try (Load load = new Load(target, clients)) {
                    load.step(rate, quick ? 1 : ROUND_WARMUP_SECONDS, Duration.ofSeconds(3));
                    load.settle(Duration.ofMillis(300), Duration.ofSeconds(10));
                    Load.Step step = load.step(rate, seconds, Duration.ofSeconds(3));
                    log(target.name(), repeat > 1 ? what + " " + (round + 1) + "/" + repeat : what, step);
                    steps.get(i).add(step);
                }
                target.pause();
            }
        }
        return steps.stream().map(Repeats::new).toList();
    }

    /** "of it JIT compilers x" for a JVM (its compiler threads' CPU per delivery), {@code null} for other servers. */
    private static String jit(Repeats fixed) {
        return fixed.max(Load.Step::serverCompilerMicrosPerDelivery) == 0 ? null
                : String.format(Locale.ROOT, "of it JIT compilers %.2f",
                        fixed.median(Load.Step::serverCompilerMicrosPerDelivery));
    }

    /**
     * {@code bench.warmup} seconds at the fixed rate, then 10 s steps at that rate until one where the server's
     * JIT compiler threads (a JVM's C1/C2) took less than 3 % of its CPU, up to {@code bench.warmup-limit}; a
     * server without such threads (Node) gets one step. The figures then describe a server that has been running,
     * as servers do, rather than its compilers: in a probe run at 50 msg/s × 1,000 clients, Payara's C2 threads
     * took 4-18 % of its CPU between 15 and 65 s, and 1-2 % after two minutes (the less often a path runs, such
     * as pings or the publisher's frames, the later it is compiled). The notes show what was left.
     * <p>
     * Each 10 s step is taken the way a round takes its step ({@link #rounds}): the clients connect, run
     * {@value #ROUND_WARMUP_SECONDS} s unmeasured, the step, and disconnect. With one set of clients for the whole
     * warm-up, the connect and disconnect paths were still compiling in the first rounds: in the run of
     * 2026-12-05 19:16 Switchboard's JIT compilers took 0.98 and 1.34 µs per delivery (11-15 % of its CPU) in the
     * first two of scenario (b)'s five rounds, 0.16-0.22 in the last three.
     */
    private void warmUp(Target target, String name) throws IOException {
        long deadline = System.nanoTime() + (long) (warmupLimit * 1e9);
        boolean first = true;
        while (true) {
            try (Load load = new Load(target, clients)) {
                load.step(rate, first ? warmup : (quick ? 1 : ROUND_WARMUP_SECONDS), Duration.ofSeconds(3));
                first = false;
                load.settle(Duration.ofMillis(300), Duration.ofSeconds(10));
                Load.Step step = load.step(rate, quick ? 2 : 10, Duration.ofSeconds(3));
                log(name, "warm-up", step);
                double server = step.serverMicrosPerDelivery();
                if (server == 0 || step.serverCompilerMicrosPerDelivery() < 0.03 * server
                        || System.nanoTime() > deadline) {
                    return;
                }
            }
        }
    }

    /** Raises the rate by a quarter per step until one fails; returns the last step that held. */
    private Load.Step search(Load load, String name) throws IOException {
        Load.Step best = null;
        double r = rate;
        while (r < 5_000 && load.receivers() == clients) {
            load.settle(Duration.ofMillis(300), Duration.ofSeconds(10));
            Load.Step step = load.step(r, searchSeconds, Duration.ofSeconds(3));
            log(name, "search", step);
            if (!step.sustained()) {
                break;
            }
            best = step;
            r *= 1.25;
        }
        return best;
    }

    /** (d): twice the highest sustained rate for 20 s; memory sampled every second. */
    private void overload(Target target, Load load, double overRate) throws IOException {
        String name = target.name();
        long before = ProcStat.sum(target.pids()).rssKb();
        List<Long> samples = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                samples.add(ProcStat.sum(target.pids()).rssKb());
                LockSupport.parkNanos(1_000_000_000L);
            }
        }, "rss-sampler");
        sampler.start();
        int overloadSeconds = quick ? 5 : 20;
        Load.Step step = load.step(overRate, overloadSeconds, Duration.ofSeconds(5));
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log(name, "overload", step);
        long max = samples.stream().mapToLong(Long::longValue).max().orElse(before);
        long last = samples.isEmpty() ? before : samples.get(samples.size() - 1);
        report.put(D, "server RSS growth, peak", "MB", name, (max - before) / 1024.0,
                String.format(Locale.ROOT, "(%.0f → %.0f MB)", before / 1024.0, max / 1024.0));
        report.put(D, "server RSS growth at the end", "MB", name, (last - before) / 1024.0);
        int planned = (int) Math.round(overRate * overloadSeconds);
        if (step.sent() < planned) {
            System.out.printf(Locale.ROOT, "%s: the server cut the publisher after %d of %d messages%n", name,
                    step.sent(), planned);
            report.put(D, "deliveries/s during overload", "", name, step.deliveriesPerSecond(),
                    String.format(Locale.ROOT, "(publisher cut as a slow consumer after %d of %d messages)",
                            step.sent(), planned));
        } else {
            report.put(D, "deliveries/s during overload", "", name, step.deliveriesPerSecond());
        }
        report.put(D, "clients cut (slow consumers)", "", name, load.cut());
    }

    /** (c): connect many clients that then do nothing. */
    private void idle(Target target) throws IOException {
        String name = target.name();
        // the first sample after the same settling time as the last one: a server fresh from booting is still
        // collecting and compiling, and its RSS then moved by ~90 MB from run to run (the figure with it)
        LockSupport.parkNanos(Duration.ofSeconds(quick ? 3 : SETTLE_SECONDS).toNanos());
        long before = ProcStat.sum(target.pids()).rssKb();
        inspect(target, "before");
        Swarm swarm = new Swarm(Target.PATH);
        try {
            long start = System.nanoTime();
            swarm.connect(target.addresses().get(0), idle);
            long deadline = start + Duration.ofSeconds(180).toNanos();
            while (swarm.connected() + swarm.failed() < idle && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            if (swarm.connected() < idle) {
                // the figures below would describe a server still busy connecting, or fewer connections: none
                report.remark(String.format(Locale.ROOT, "%s: %d of %d idle clients joined in %.0f s, %d failed"
                        + " (first: %s); no idle figures", name, swarm.connected(), idle, connectSeconds,
                        swarm.failed(), swarm.firstError()));
                System.out.println(name + " idle: " + swarm.connected() + " joined, " + swarm.failed() + " failed: "
                        + swarm.firstError());
                return;
            }
            // let the server finish what connecting left behind (a JVM collects and compiles for a while after)
            LockSupport.parkNanos(Duration.ofSeconds(quick ? 3 : SETTLE_SECONDS).toNanos());
            ProcStat cpu0 = ProcStat.sum(target.pids());
            long idleStart = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(quick ? 3 : IDLE_CPU_SECONDS).toNanos());
            ProcStat cpu = ProcStat.sum(target.pids()).minus(cpu0);
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            String figure = String.format(Locale.ROOT, "%,d connections", idle);
            report.put(C, "time to connect " + figure, "s", name, connectSeconds);
            report.put(C, "RSS per connection", "KB", name, (cpu.rssKb() - before) / (double) swarm.connected(),
                    String.format(Locale.ROOT, "(%.0f → %.0f MB)", before / 1024.0, cpu.rssKb() / 1024.0));
            report.put(C, "CPU while idle", "% of a core", name,
                    100.0 * (cpu.userMicros() + cpu.systemMicros()) / 1e6 / idleSeconds);
            System.out.printf(Locale.ROOT, "%s idle: %d joined in %.1f s, RSS %d → %d KB%n", name, swarm.connected(),
                    connectSeconds, before, cpu.rssKb());
            inspect(target, "after");
        } finally {
            swarm.close();
        }
    }

    /**
     * With {@code bench.inspect}, writes {@code jcmd}'s native memory summary, heap summary, threads and class
     * histogram of each Switchboard JVM to {@code target/bench/inspect/<label>-<pid>.txt} (Node, yardstick: nothing).
     */
    private void inspect(Target target, String label) throws IOException {
        if (!inspect || !Report.SWITCHBOARD.equals(target.name())) {
            return;
        }
        Path dir = Files.createDirectories(Path.of("target", "bench", "inspect"));
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (long pid : target.pids()) {
            Path out = dir.resolve(label + "-" + pid + ".txt");
            Files.deleteIfExists(out);
            for (String command : List.of("VM.native_memory summary", "GC.heap_info", "Thread.print",
                    "GC.class_histogram")) {
                List<String> args = new ArrayList<>(List.of(jcmd, String.valueOf(pid)));
                args.addAll(List.of(command.split(" ")));
                Process p = new ProcessBuilder(args).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
                try {
                    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            System.out.println("inspect: " + out);
        }
    }

    /**
     * (b): every server on two nodes and the same Redis, receivers split over the nodes, the publisher on the first;
     * the cross-node latency in {@link #rounds}, then each server's highest rate.
     */
    private void twoNodes(String redisUrl) throws IOException {
        List<Target> targets = startAll(2, redisUrl);
        try {
            List<Repeats> fixed = rounds(targets, " (2 nodes)", "2 nodes fixed");
            String figure = String.format(Locale.ROOT, "%.0f msg/s", rate);
            for (int i = 0; i < targets.size(); i++) {
                String name = targets.get(i).name();
                Repeats f = fixed.get(i);
                p99(B, "cross-node p99 latency, " + figure, name, f, Load.Step::crossNode);
                report.put(B, "server CPU per delivery (both nodes), " + figure, "µs", name,
                        f.median(Load.Step::serverMicrosPerDelivery),
                        f.note(jit(f), Load.Step::serverMicrosPerDelivery));
            }
            if (!search) {
                return;
            }
            for (Target target : targets) {
                target.resume();
                try (Load load = new Load(target, clients)) {
                    Load.Step best = search(load, target.name() + " (2 nodes)");
                    if (best != null) {
                        report.put(B, "max deliveries/s, no loss, p99 < 250 ms", "", target.name(),
                                best.deliveriesPerSecond(), String.format(Locale.ROOT, "(%.0f msg/s)", best.rate()));
                    }
                }
                target.close();
            }
        } finally {
            targets.forEach(Target::close);
        }
    }

    /** A p99 row in ms: the median p99 over the runs, with the median p50, p95 and max and the p99's spread. */
    private void p99(String scenario, String figure, String name, Repeats fixed,
                     Function<Load.Step, Histogram> latency) {
        ToDoubleFunction<Load.Step> p99 = s -> latency.apply(s).percentile(0.99) / 1000.0;
        String detail = String.format(Locale.ROOT, "p50 %.1f, p95 %.1f, max %.0f",
                fixed.median(s -> latency.apply(s).percentile(0.5) / 1000.0),
                fixed.median(s -> latency.apply(s).percentile(0.95) / 1000.0),
                fixed.median(s -> latency.apply(s).max() / 1000.0));
        report.put(scenario, figure, "ms", name, fixed.median(p99), fixed.note(detail, p99));
    }

    private static void log(String name, String what, Load.Step s) {
        System.out.printf(Locale.ROOT,
                "%-16s %-14s rate %7.1f msg/s  sent %6d  received %9d/%9d  %8.0f deliveries/s  p50 %6.1f p99 %7.1f "
                        + "max %7.1f ms  server %.2f µs/delivery (user %.2f sys %.2f, JIT %.2f)  generator %.2f µs%n",
                name, what, s.rate(), s.sent(), s.received(), s.expected(), s.deliveriesPerSecond(),
                s.latency().percentile(0.5) / 1000.0, s.latency().percentile(0.99) / 1000.0,
                s.latency().max() / 1000.0, s.serverMicrosPerDelivery(), s.serverUserMicrosPerDelivery(),
                s.serverSystemMicrosPerDelivery(), s.serverCompilerMicrosPerDelivery(), s.generatorMicrosPerDelivery());
        if (s.crossNode().count() > 0) {
            System.out.printf(Locale.ROOT, "%-16s %-14s publisher's node p50 %.1f p99 %.1f ms, other node p50 %.1f"
                            + " p99 %.1f ms%n", "", "", s.publisherNode().percentile(0.5) / 1000.0,
                    s.publisherNode().percentile(0.99) / 1000.0, s.crossNode().percentile(0.5) / 1000.0,
                    s.crossNode().percentile(0.99) / 1000.0);
        }
    }
}
