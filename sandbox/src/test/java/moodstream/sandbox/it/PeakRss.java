package moodstream.sandbox.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Another process's peak resident memory, from Linux's {@code VmHWM} (high-water mark) in
 * {@code /proc/<pid>/status}. The kernel keeps the peak itself; sampling it every 100 ms only
 * makes sure the last value is known even when the process dies before anyone asks.
 */
final class PeakRss implements AutoCloseable {
    private final Path status;
    private final AtomicLong peakBytes = new AtomicLong(-1);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peak-rss-sampler");
        t.setDaemon(true);
        return t;
    });

    private PeakRss(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    static PeakRss watch(long pid) {
        return new PeakRss(pid);
    }

    /** The highest VmHWM seen, in bytes; -1 when it could never be read (not Linux, or the process was gone). */
    long peakBytes() {
        sample();
        return peakBytes.get();
    }

    private void sample() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
                    peakBytes.accumulateAndGet(kib * 1024, Math::max);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process has ended: its last peak is already recorded.
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
