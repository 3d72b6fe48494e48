package moodstream.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic; the benchmark itself is a command, not a test. */
class BenchPiecesTest {

    @Test
    void lengthIsEitherTimeOrPasses() {
        // Whole passes, so each measurement decodes the same mix of small and large images.
        assertThat(Length.ofSeconds(10).images(25.4, 100)).isEqualTo(300);
        assertThat(Length.ofSeconds(10).images(30, 100)).isEqualTo(300);
        assertThat(Length.ofSeconds(0.1).images(1, 100)).isEqualTo(100);
        assertThat(Length.ofPasses(3).images(25.4, 100)).isEqualTo(300);
        assertThatThrownBy(() -> new Length(5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Length(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencyPercentilesComeFromTheHistogram() {
        Histogram micros = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i * 100L);
        }
        LatencySummary s = LatencySummary.of(micros);
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50Micros()).isCloseTo(50_000, within(50L));
        assertThat(s.p95Micros()).isCloseTo(95_000, within(100L));
        assertThat(s.p99Micros()).isCloseTo(99_000, within(100L));
        assertThat(s.maxMicros()).isCloseTo(100_000, within(100L));
        assertThat(LatencySummary.of(new Histogram(3)).count()).isZero();
    }

    @Test
    void reportPrintsATableAndJson() {
        BenchReport report = new BenchReport("2024-01-01T00:00:00Z",
                new BenchReport.Setup("m 1", "0123456789abcdef", "48x48x1", "data", 10, 2048, 2, 1, 4, 200, "30.0 s", 2, "jvm", 8, 20,
                        "embedded", java.util.Map.of(), true),
                new BenchReport.InProcess(2, 1000, 3, 10, 100, 1.5, 0.25),
                new BenchReport.EndToEnd(1000, 997, 3, 0, 20, 50, new CpuShare(20, 5, 10, 20, -1)),
                new BenchReport.Latency(25, 24.9, 1, 0, new LatencySummary(500, 120_000, 180_000, 250_000, 300_000, 125_000)),
                0.5);
        assertThat(report.table())
                .contains("(a) in-process limit, 2 threads", "100.0", "1.500 ms decode+preprocess", "0.250 ms inference")
                .contains("(b)/(a)", "0.50")
                .contains("CPU during (b): streamer 20.0 s (57%), broker+JVM 10.0 s (29%), bench clients 5.0 s (14%) of 40.0 core-s")
                .contains("p50 120.0 ms", "p99 250.0 ms", "max 300.0 ms")
                .contains("batch 8 (max wait 20 ms)", "broker embedded");
        BenchReport external = new BenchReport(report.startedAt(), new BenchReport.Setup("m 1", "0123456789abcdef", "48x48x1", "data", 10,
                2048, 2, 1, 4, 200, "30.0 s", 2, "jvm", 1, 20, "127.0.0.1:9092", java.util.Map.of("commit.interval.ms", "200"), false),
                report.inProcess(), new BenchReport.EndToEnd(1000, 997, 3, 0, 20, 50, new CpuShare(20, 5, 5, 20, 10)), report.latency(), 0.5);
        assertThat(external.table()).contains("broker 127.0.0.1:9092, streamer Kafka settings {commit.interval.ms=200}, window statistics off")
                .contains("streamer 20.0 s (50%), JVM (GC, JIT) 5.0 s (13%), bench clients 5.0 s (13%), broker process 10.0 s (25%)");
        assertThat(report.toJson(false)).startsWith("{").doesNotContain("\n")
                .contains("\"imagesPerSecond\":100.0", "\"p95Micros\":180000", "\"ratioEndToEndToInProcess\":0.5");
    }

    @Test
    void processCpuReadsAProcesssUserAndSystemTime() {
        long self = ProcessHandle.current().pid();
        double before = ProcessCpu.seconds(self);
        // Spin for 300 ms of this thread's own CPU time, however busy the machine is.
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = mx.getCurrentThreadCpuTime() + 300_000_000L;
        long spin = 0;
        while (mx.getCurrentThreadCpuTime() < until) {
            spin++;
        }
        assertThat(spin).isPositive();
        double after = ProcessCpu.seconds(self);
        assertThat(after - before).as("300 ms of spinning, in 10 ms ticks").isBetween(0.28, 30.0);
        assertThatThrownBy(() -> ProcessCpu.seconds(Long.MAX_VALUE)).hasMessageContaining("--broker-pid " + Long.MAX_VALUE);
    }
}
