package dev.switchboard.bench;

import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The fixed-rate step measured several times: each figure's median over the runs, taken figure by figure (the
 * median CPU and the median p99 may come from different runs), and its spread for the note next to it.
 */
final class Repeats {

    private final List<Load.Step> steps;

    Repeats(List<Load.Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        this.steps = List.copyOf(steps);
    }

    int runs() {
        return steps.size();
    }

    /** The median of one figure over the runs; the mean of the middle two for an even number of runs. */
    double median(ToDoubleFunction<Load.Step> figure) {
        double[] v = steps.stream().mapToDouble(figure).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    double max(ToDoubleFunction<Load.Step> figure) {
        return steps.stream().mapToDouble(figure).max().orElseThrow();
    }

    /**
     * A note for the table: {@code (detail; 3 runs 25.1–30.2)} with the lowest and highest value of
     * {@code figure}; without the spread for a single run, and null when that leaves nothing to say.
     */
    String note(String detail, ToDoubleFunction<Load.Step> figure) {
        String spread = null;
        if (runs() > 1) {
            DoubleSummaryStatistics s = steps.stream().mapToDouble(figure).summaryStatistics();
            spread = String.format(Locale.ROOT, "%d runs %s–%s", runs(), Report.format(s.getMin()),
                    Report.format(s.getMax()));
        }
        if (detail == null) {
            return spread == null ? null : "(" + spread + ")";
        }
        return "(" + detail + (spread == null ? "" : "; " + spread) + ")";
    }
}
