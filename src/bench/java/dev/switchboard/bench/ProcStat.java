package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux's /proc. CPU is in clock ticks of 10 ms (USER_HZ
 * is 100 on every Linux the bench runs on), user and system apart.
 */
record ProcStat(long userTicks, long systemTicks, long rssKb) {

    static final long MICROS_PER_TICK = 10_000;

    static ProcStat of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command name: field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12
            long user = Long.parseLong(fields[11]);
            long system = Long.parseLong(fields[12]);
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new ProcStat(user, system, rss);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc for process " + pid + " (the bench needs Linux)", e);
        }
    }

    static ProcStat self() {
        return of(ProcessHandle.current().pid());
    }

    /** The sum over several processes (the nodes of a cluster). */
    static ProcStat sum(Iterable<Long> pids) {
        long u = 0;
        long s = 0;
        long r = 0;
        for (long pid : pids) {
            ProcStat p = of(pid);
            u += p.userTicks;
            s += p.systemTicks;
            r += p.rssKb;
        }
        return new ProcStat(u, s, r);
    }

    ProcStat minus(ProcStat earlier) {
        return new ProcStat(userTicks - earlier.userTicks, systemTicks - earlier.systemTicks, rssKb);
    }

    long userMicros() {
        return userTicks * MICROS_PER_TICK;
    }

    long systemMicros() {
        return systemTicks * MICROS_PER_TICK;
    }
}
