package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux's /proc. CPU is in clock ticks of 10 ms (USER_HZ
 * is 100 on every Linux the bench runs on), user and system apart, and apart again the part of a JVM's JIT
 * compiler threads (HotSpot names them "C1 CompilerThread…" and "C2 CompilerThread…"; 0 for other processes):
 * it shows whether a measured step still paid for compilation.
 */
record ProcStat(long userTicks, long systemTicks, long rssKb, long compilerTicks) {

    static final long MICROS_PER_TICK = 10_000;
    // a stat line's fields after the command name: field 3 (state) is index 0, so utime (14) is 11, stime (15) 12
    private static final int UTIME = 11;
    private static final int STIME = 12;

    /** The fields of a /proc stat line after "(command name) ", which may itself hold spaces. */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    static ProcStat of(long pid) {
        try {
            String[] fields = fields(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
            long user = Long.parseLong(fields[UTIME]);
            long system = Long.parseLong(fields[STIME]);
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new ProcStat(user, system, rss, compilerTicks(pid));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc for process " + pid + " (the bench needs Linux)", e);
        }
    }

    private static long compilerTicks(long pid) throws IOException {
        long ticks = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String[] fields = fields(stat);
                        ticks += Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]);
                    }
                } catch (IOException e) {
                    // the thread ended while we looked: its time is gone with it
                }
            }
        }
        return ticks;
    }

    static ProcStat self() {
        return of(ProcessHandle.current().pid());
    }

    /** The sum over several processes (the nodes of a cluster). */
    static ProcStat sum(Iterable<Long> pids) {
        long u = 0;
        long s = 0;
        long r = 0;
        long c = 0;
        for (long pid : pids) {
            ProcStat p = of(pid);
            u += p.userTicks;
            s += p.systemTicks;
            r += p.rssKb;
            c += p.compilerTicks;
        }
        return new ProcStat(u, s, r, c);
    }

    ProcStat minus(ProcStat earlier) {
        return new ProcStat(userTicks - earlier.userTicks, systemTicks - earlier.systemTicks, rssKb,
                compilerTicks - earlier.compilerTicks);
    }

    long compilerMicros() {
        return compilerTicks * MICROS_PER_TICK;
    }

    long userMicros() {
        return userTicks * MICROS_PER_TICK;
    }

    long systemMicros() {
        return systemTicks * MICROS_PER_TICK;
    }
}
