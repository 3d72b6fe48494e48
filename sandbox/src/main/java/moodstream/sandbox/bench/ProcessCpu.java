package moodstream.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds another process has used, from Linux's {@code /proc/PID/stat} (user + system
 * time). Java's {@code ProcessHandle.Info.totalCpuDuration} reads the same file, but only for
 * processes the JVM may inspect and with its own rounding; this is the broker's figure as
 * {@code top} shows it.
 */
final class ProcessCpu {
    /** USER_HZ: the clock ticks of /proc's times, 100 on every Linux architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** @throws IllegalArgumentException when the process does not exist (the message names the pid) */
    static double seconds(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new IllegalArgumentException("--broker-pid " + pid + ": no such process (" + e.getMessage() + ")", e);
        }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }
}
