package moodstream.streamer.stats;

import java.time.Duration;

/**
 * The windowed statistics: tumbling windows of {@code window} by the records' own timestamps (the
 * input's, which labels keep), a window's record written once {@code grace} has passed after its
 * end (stream time), to {@code topic}.
 */
public record StatsSettings(Duration window, Duration grace, String topic) {
    public static final String DEFAULT_TOPIC = "labels.stats";
    public static final StatsSettings DEFAULT = new StatsSettings(Duration.ofMinutes(1), Duration.ofSeconds(10), DEFAULT_TOPIC);

    public StatsSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("--stats-window must be positive (or off), got " + window);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("--stats-grace must not be negative, got " + grace);
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--stats-topic must be a topic name");
        }
    }
}
