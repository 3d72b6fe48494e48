package moodstream.sandbox.bench;

/** CPU seconds (user + system) another process has used, as the JDK's process API reports them. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** @throws IllegalArgumentException when the process does not exist or reports no CPU time (the message names the pid) */
    static double seconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9)
                .orElseThrow(() -> new IllegalArgumentException("--broker-pid " + pid + ": no such process, or its CPU time"
                        + " cannot be read; give the pid bench/kafka-broker.sh printed"));
    }
}
