package dev.switchboard.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Payara Micro log for what the fuzz must never cause: a SEVERE record, or an exception (a line with
 * {@code Exception:} or a stack frame {@code \tat ...}). Each problem names the corpus entries that were in flight
 * when it was logged.
 */
final class ServerLog {

    /** A record's first line: {@code [2025-01-01T10:00:00.000+0000] [] [LEVEL] ... [timeMillis: 1735725600000] ...}. */
    private static final Pattern RECORD = Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\dT");
    private static final Pattern TIME = Pattern.compile("\\[timeMillis: (\\d+)]");
    private static final String DEPLOYED = " was successfully deployed in ";
    /**
     * Grizzly's records when a request reaches the port before the application is deployed: PayaraProcess polls
     * {@code /socket.io/} until the server answers, and a poll that gives up closes its connection while Grizzly is
     * still writing its default 404 page. Only accepted before the deployment, where no code of ours runs yet.
     */
    private static final List<String> BOOT_NOISE = List.of("[NCLS-CORE-00090]", "[NCLS-CORE-00091]");

    private ServerLog() {
    }

    static List<String> problems(String log, FuzzReport report) {
        List<String> problems = new ArrayList<>();
        boolean deployed = false;
        String record = null;
        long recordMillis = -1;
        boolean skip = false;
        for (String line : log.split("\n")) {
            if (RECORD.matcher(line).find()) {
                record = line;
                Matcher time = TIME.matcher(line);
                recordMillis = time.find() ? Long.parseLong(time.group(1)) : -1;
                skip = !deployed && BOOT_NOISE.stream().anyMatch(line::contains);
                deployed |= line.contains(DEPLOYED);
            }
            boolean bad = line.contains("SEVERE") || line.startsWith("\tat ") || line.contains("Exception:");
            if (bad && !skip) {
                skip = true; // one problem per record
                StringBuilder problem = new StringBuilder(record == null ? line : record).append("\n    ").append(line);
                for (FuzzReport.Window w : report.inFlightAt(recordMillis, 100, 8)) {
                    problem.append("\n    in flight then (").append(w.transport()).append("): ")
                            .append(w.frame().describe());
                }
                problems.add(problem.toString());
            }
        }
        return problems;
    }
}
