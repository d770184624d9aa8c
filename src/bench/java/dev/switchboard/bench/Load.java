package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The load against one target: swarms of receivers (one per node they connect to), one publisher, and the
 * measurement of a step (a fixed rate for a fixed time).
 */
final class Load implements AutoCloseable {

    /** p99 latency above which a rate does not count as sustained. */
    static final long P99_LIMIT_MICROS = 250_000;

    private final Target target;
    private final List<Swarm> swarms = new ArrayList<>();
    private Publisher publisher;
    private int stepNumber;

    /** What one step measured. */
    record Step(double rate, int sent, long expected, long received, Histogram latency, Histogram publisherNode,
                Histogram crossNode, ProcStat server, ProcStat generator, double seconds) {

        long lost() {
            return Math.max(0, expected - received);
        }

        boolean sustained() {
            return lost() == 0 && latency.percentile(0.99) < P99_LIMIT_MICROS;
        }

        double deliveriesPerSecond() {
            return received / seconds;
        }

        double serverMicrosPerDelivery() {
            return received == 0 ? 0 : (server.userMicros() + server.systemMicros()) / (double) received;
        }

        double serverUserMicrosPerDelivery() {
            return received == 0 ? 0 : server.userMicros() / (double) received;
        }

        double serverSystemMicrosPerDelivery() {
            return received == 0 ? 0 : server.systemMicros() / (double) received;
        }

        /** The part of {@link #serverMicrosPerDelivery()} spent by a JVM's JIT compiler threads. */
        double serverCompilerMicrosPerDelivery() {
            return received == 0 ? 0 : server.compilerMicros() / (double) received;
        }

        double generatorMicrosPerDelivery() {
            return received == 0 ? 0 : (generator.userMicros() + generator.systemMicros()) / (double) received;
        }
    }

    /**
     * Connects {@code clients} receivers, spread evenly over the target's nodes, and a publisher to its first
     * node; returns once every receiver has joined.
     */
    Load(Target target, int clients) throws IOException {
        this.target = target;
        List<InetSocketAddress> nodes = target.addresses();
        for (int i = 0; i < nodes.size(); i++) {
            Swarm swarm = new Swarm(Target.PATH);
            swarms.add(swarm);
            swarm.connect(nodes.get(i), clients / nodes.size() + (i < clients % nodes.size() ? 1 : 0));
        }
        awaitJoined(clients, Duration.ofSeconds(120));
        publisher = new Publisher(nodes.get(0), Target.PATH);
    }

    /** Waits until {@code clients} receivers have joined; fails if some could not connect. */
    Duration awaitJoined(int clients, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (joined() < clients) {
            int failed = swarms.stream().mapToInt(Swarm::failed).sum();
            if (failed > 0 || System.nanoTime() > deadline) {
                throw new IllegalStateException(target.name() + ": " + joined() + " of " + clients + " clients joined, "
                        + failed + " failed (first: " + swarms.stream().map(Swarm::firstError)
                        .filter(java.util.Objects::nonNull).findFirst().orElse("none") + ")");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    int joined() {
        return swarms.stream().mapToInt(Swarm::connected).sum();
    }

    /** Receivers still connected (a server may cut slow consumers). */
    int receivers() {
        return swarms.stream().mapToInt(s -> s.connected() - s.closed()).sum();
    }

    int cut() {
        return swarms.stream().mapToInt(Swarm::closed).sum();
    }

    /**
     * Publishes at {@code rate} messages/s for {@code seconds}, then waits up to {@code drain} for the
     * stragglers. Server CPU covers publishing and draining.
     */
    Step step(double rate, double seconds, Duration drain) throws IOException {
        int number = ++stepNumber;
        swarms.forEach(s -> s.beginStep(number));
        int receivers = receivers();
        ProcStat server0 = ProcStat.sum(target.pids());
        ProcStat generator0 = ProcStat.self();
        long start = System.nanoTime();
        int count = Math.max(1, (int) Math.round(rate * seconds));
        if (!publisher.isOpen()) {
            // cut as a slow consumer in an earlier step (it receives the re-broadcast too): a step always starts
            // with a live publisher; the 2026-12-05 19:16 run's overload sent nothing, its publisher cut in the
            // search's last step
            publisher.close();
            publisher = new Publisher(target.addresses().get(0), Target.PATH);
        }
        int sent = publisher.publish(number, rate, count);
        long expected = (long) sent * receivers;
        long deadline = System.nanoTime() + drain.toNanos();
        while (received() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(2_000_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        ProcStat server = ProcStat.sum(target.pids()).minus(server0);
        ProcStat generator = ProcStat.self().minus(generator0);
        Histogram all = new Histogram();
        swarms.forEach(s -> all.add(s.stepLatency()));
        Histogram publisherNode = new Histogram();
        publisherNode.add(swarms.get(0).stepLatency());
        Histogram crossNode = new Histogram();
        swarms.stream().skip(1).forEach(s -> crossNode.add(s.stepLatency()));
        return new Step(rate, sent, expected, received(), all, publisherNode, crossNode, server, generator,
                Math.min(elapsed, seconds + drain.toSeconds()));
    }

    private long received() {
        return swarms.stream().mapToLong(Swarm::stepReceived).sum();
    }

    /** Waits until no frame has arrived for {@code quiet} (a backlog from an overloaded step has drained). */
    void settle(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = frames();
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000);
            long now = frames();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
                return;
            }
        }
    }

    private long frames() {
        return swarms.stream().mapToLong(Swarm::frames).sum();
    }

    boolean publisherOpen() {
        return publisher.isOpen();
    }

    @Override
    public void close() throws IOException {
        publisher.close();
        swarms.forEach(Swarm::close);
    }
}
