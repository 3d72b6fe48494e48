package moodstream.sandbox.bench;

import org.HdrHistogram.Histogram;

/**
 * Send-to-readable latency percentiles, in microseconds.
 *
 * @param count how many latencies were recorded
 */
public record LatencySummary(long count, long p50Micros, long p95Micros, long p99Micros, long maxMicros, double meanMicros) {

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        // HdrHistogram reports the highest value equivalent to the bucket, within the 3 significant digits asked for.
        return new LatencySummary(micros.getTotalCount(), micros.getValueAtPercentile(50), micros.getValueAtPercentile(95),
                micros.getValueAtPercentile(99), micros.getMaxValue(), micros.getMean());
    }
}
