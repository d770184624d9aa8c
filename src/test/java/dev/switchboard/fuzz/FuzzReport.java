package dev.switchboard.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one fuzz run saw, collected from every fuzzing thread: a count per outcome ("polling POST 400", "websocket
 * close 1002"…), the bad outcomes with the entry that caused them, and when each entry was in flight (to point a
 * server log line at the entries that may have caused it).
 */
final class FuzzReport {

    /** A bad outcome: what went wrong, over which transport, after which corpus entry. */
    record Violation(String transport, FuzzFrame frame, String what) {
    }

    /** When a corpus entry was in flight over a transport (wall clock, as in the server log). */
    record Window(String transport, FuzzFrame frame, long fromMillis, long toMillis) {
    }

    private final long seed;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Violation> violations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Window> windows = new ConcurrentLinkedQueue<>();

    FuzzReport(long seed) {
        this.seed = seed;
    }

    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    void violation(String transport, FuzzFrame frame, String what) {
        violations.add(new Violation(transport, frame, what));
    }

    void window(String transport, FuzzFrame frame, long fromMillis, long toMillis) {
        windows.add(new Window(transport, frame, fromMillis, toMillis));
    }

    /** Every outcome with its count, sorted by name. */
    Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    List<Violation> violations() {
        List<Violation> out = new ArrayList<>(violations);
        out.sort(Comparator.comparingInt((Violation v) -> v.frame() == null ? -1 : v.frame().index()));
        return out;
    }

    /** The entries in flight at {@code millis} (give or take {@code slackMillis}), at most {@code limit}. */
    List<Window> inFlightAt(long millis, long slackMillis, int limit) {
        return windows.stream()
                .filter(w -> w.fromMillis() - slackMillis <= millis && millis <= w.toMillis() + slackMillis)
                .sorted(Comparator.comparingInt(w -> w.frame().index()))
                .limit(limit)
                .toList();
    }

    /** The header of every failure message: how to reproduce, and what the run saw. */
    String header() {
        return "fuzz seed " + seed + " (reproduce with -D" + FrameCorpus.SEED_PROPERTY + "=" + seed + ")\noutcomes: "
                + outcomes();
    }

    /** The bad outcomes, first entry first, each with the entry that produced it. */
    String describeViolations(int limit) {
        StringBuilder out = new StringBuilder();
        List<Violation> all = violations();
        for (Violation v : all.subList(0, Math.min(limit, all.size()))) {
            out.append("\n  ").append(v.transport()).append(": ").append(v.what()).append("\n    after ")
                    .append(v.frame() == null ? "no entry" : v.frame().describe());
        }
        if (all.size() > limit) {
            out.append("\n  … and ").append(all.size() - limit).append(" more");
        }
        return out.toString();
    }
}
