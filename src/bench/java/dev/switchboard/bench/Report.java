package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results table: one row per figure, one column per server, and the ratios Switchboard / the others. */
final class Report {

    static final String SWITCHBOARD = "Switchboard";
    static final String NODE = "Node socket.io";
    static final String YARDSTICK = "yardstick (ws)";
    private static final List<String> COLUMNS = List.of(SWITCHBOARD, NODE, YARDSTICK);

    /** A figure: its values by server, and whether less is better (for the reader; ratios are plain). */
    private record Row(String scenario, String figure, String unit, Map<String, Double> values,
                       Map<String, String> notes) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> remarks = new ArrayList<>();

    /** Sets one value; rows keep the order they were first mentioned in. */
    void put(String scenario, String figure, String unit, String server, double value) {
        row(scenario, figure, unit).values.put(server, value);
    }

    /** A value with a note shown next to it (e.g. the latency percentiles behind a p99). */
    void put(String scenario, String figure, String unit, String server, double value, String note) {
        Row row = row(scenario, figure, unit);
        row.values.put(server, value);
        row.notes.put(server, note);
    }

    void remark(String text) {
        remarks.add(text);
    }

    private Row row(String scenario, String figure, String unit) {
        for (Row r : rows) {
            if (r.scenario.equals(scenario) && r.figure.equals(figure)) {
                return r;
            }
        }
        Row r = new Row(scenario, figure, unit, new LinkedHashMap<>(), new LinkedHashMap<>());
        rows.add(r);
        return r;
    }

    String markdown(String header) {
        StringBuilder out = new StringBuilder(header).append("\n\n");
        out.append("| Scenario | Figure | ").append(String.join(" | ", COLUMNS))
                .append(" | Switchboard / Node | Switchboard / yardstick |\n");
        out.append("|---|---|").append("---:|".repeat(COLUMNS.size())).append("---:|---:|\n");
        String lastScenario = null;
        List<Row> ordered = new ArrayList<>(rows);
        ordered.sort(java.util.Comparator.comparing(Row::scenario)); // stable: figures keep their order
        for (Row r : ordered) {
            out.append("| ").append(r.scenario.equals(lastScenario) ? "" : r.scenario).append(" | ")
                    .append(r.figure).append(r.unit.isEmpty() ? "" : " (" + r.unit + ")").append(" | ");
            lastScenario = r.scenario;
            for (String c : COLUMNS) {
                Double v = r.values.get(c);
                String note = r.notes.get(c);
                out.append(v == null ? "n/a" : format(v)).append(note == null ? "" : " " + note).append(" | ");
            }
            out.append(ratio(r, NODE)).append(" | ").append(ratio(r, YARDSTICK)).append(" |\n");
        }
        for (String remark : remarks) {
            out.append("\n- ").append(remark);
        }
        return out.append('\n').toString();
    }

    private static String ratio(Row r, String other) {
        Double sb = r.values.get(SWITCHBOARD);
        Double o = r.values.get(other);
        if (sb == null || o == null || o == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", sb / o);
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
