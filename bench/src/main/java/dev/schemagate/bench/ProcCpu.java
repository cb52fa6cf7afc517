package dev.schemagate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time from /proc/self/stat: this JVM's own, and that of its children once they are reaped. */
final class ProcCpu {
    /** Linux's USER_HZ: /proc reports times in ticks of 10 ms on every common kernel configuration. */
    private static final long MILLIS_PER_TICK = 10;

    private ProcCpu() {}

    /** {this process's user+sys ms, its reaped children's user+sys ms}; zeros where /proc is missing. */
    static long[] self() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name in parentheses (which may contain spaces): state is field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            long cutime = Long.parseLong(f[13]);
            long cstime = Long.parseLong(f[14]);
            return new long[] {(utime + stime) * MILLIS_PER_TICK, (cutime + cstime) * MILLIS_PER_TICK};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
