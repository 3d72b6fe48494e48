package moodstream.sandbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the CPU went during a phase, from per-thread CPU time: the streamer's own threads
 * (named after its application id: stream threads and their clients), the benchmark's producer
 * and reader, and the rest (the embedded broker and the JVM). On a 2-core machine they all
 * compete, so this is what explains (b)/(a). Threads that end inside the phase are not counted.
 *
 * @param streamer CPU seconds of the streamer's threads
 * @param clients  CPU seconds of the benchmark's producer and reader
 * @param broker   CPU seconds of everything else in this JVM: the embedded broker if there is one, GC, JIT
 * @param wall     the phase's wall seconds; cores x wall is what was available
 * @param externalBroker CPU seconds of a broker in a process of its own, -1 when not measured
 */
public record CpuShare(double streamer, double clients, double broker, double wall, double externalBroker) {

    /** Per-thread CPU time now; pass it to {@link #since}. */
    static Map<Long, Long> snapshot() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    /** @param externalBrokerSeconds CPU seconds a broker process of its own spent in the phase, or -1 */
    static CpuShare since(Map<Long, Long> before, long startNanos, String applicationId, double externalBrokerSeconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double streamer = 0;
        double clients = 0;
        double broker = 0;
        for (long id : mx.getAllThreadIds()) {
            long now = mx.getThreadCpuTime(id);
            var info = mx.getThreadInfo(id);
            if (now < 0 || info == null) {
                continue;
            }
            double seconds = (now - before.getOrDefault(id, 0L)) / 1e9;
            String name = info.getThreadName();
            if (name.contains(applicationId)) {
                streamer += seconds;
            } else if (name.startsWith("bench-") || name.contains("producer-") || name.contains("moodstream-bench-")) {
                clients += seconds;
            } else {
                broker += seconds;
            }
        }
        return new CpuShare(streamer, clients, broker, (System.nanoTime() - startNanos) / 1e9, externalBrokerSeconds);
    }
}
