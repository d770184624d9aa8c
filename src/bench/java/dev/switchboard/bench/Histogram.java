package dev.switchboard.bench;

/**
 * Latencies in microseconds, exact below 2,048 µs and within 0.1 % above (1,024 sub-buckets per power of two),
 * up to about 18 minutes. One writer thread; readers look after the writer has moved on.
 */
final class Histogram {

    private static final int LINEAR = 2048;
    private static final int SUB = 1024;
    private static final int MAX_EXPONENT = 40;

    private final long[] counts = new long[LINEAR + (MAX_EXPONENT - 10) * SUB];
    private long total;
    private long max;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    /** Adds another histogram's values to this one. */
    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value at or below which {@code fraction} of the recorded values lie (0 when empty). */
    long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(value(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = Math.min(63 - Long.numberOfLeadingZeros(v), MAX_EXPONENT);
        int sub = (int) ((v >> (exponent - 10)) & (SUB - 1));
        return Math.min(LINEAR + (exponent - 11) * SUB + sub, LINEAR + (MAX_EXPONENT - 10) * SUB - 1);
    }

    /** The highest value an index holds. */
    static long value(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB + 11;
        long sub = (index - LINEAR) % SUB;
        return ((SUB + sub + 1) << (exponent - 10)) - 1;
    }
}
