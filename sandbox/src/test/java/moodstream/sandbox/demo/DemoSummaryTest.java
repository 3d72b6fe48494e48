package moodstream.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoSummaryTest {
    @Test
    void reportsAccuracyThroughputAndLatency() {
        DemoSummary summary = new DemoSummary(40, 39, 36, 1, 2.0, 110, 420);

        assertThat(summary.complete()).isTrue();
        assertThat(summary.format())
                .contains("40 images published, 39 labelled, 1 dead-lettered\n")
                .contains("accuracy against the folder labels: 0.923 (36 of 39)")
                .contains("throughput: 20.0 images/s")
                .contains("p50 110 ms, p99 420 ms");
    }

    @Test
    void saysWhenImagesGotNoAnswer() {
        DemoSummary summary = new DemoSummary(40, 30, 30, 0, 5.0, 100, 200);

        assertThat(summary.complete()).isFalse();
        assertThat(summary.missing()).isEqualTo(10);
        assertThat(summary.format()).contains("10 MISSING");
    }
}
