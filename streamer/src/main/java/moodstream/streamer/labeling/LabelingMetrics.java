package moodstream.streamer.labeling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The labeler's own meters; Kafka Streams' metrics are bound next to them by the app. */
public final class LabelingMetrics {
    private final MeterRegistry registry;
    private final Counter in;
    private final Timer decode;
    private final Timer inference;
    private final Timer endToEnd;
    private final Map<String, Counter> labelled = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    public LabelingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.in = Counter.builder("moodstream.records.in").description("image records consumed").register(registry);
        this.decode = Timer.builder("moodstream.decode").description("decode and preprocess time per image")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        this.inference = Timer.builder("moodstream.inference").description("ONNX Runtime time per image")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        this.endToEnd = Timer.builder("moodstream.end_to_end").description("from the input record's timestamp to its label"
                        + " being written (readable once its transaction commits, up to a commit interval later)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    void received() {
        in.increment();
    }

    void labelled(String label, long decodeNanos, long inferenceNanos) {
        decode.record(Duration.ofNanos(decodeNanos));
        inference.record(Duration.ofNanos(inferenceNanos));
        labelled.computeIfAbsent(label, l -> Counter.builder("moodstream.records.labelled").tag("label", l)
                .description("records labelled, by label").register(registry)).increment();
    }

    /** @param millis now minus the input record's timestamp; negative (a producer clock ahead of ours) is left out */
    void endToEnd(long millis) {
        if (millis >= 0) {
            endToEnd.record(Duration.ofMillis(millis));
        }
    }

    void deadLettered(String code) {
        deadLettered.computeIfAbsent(code, c -> Counter.builder("moodstream.records.dead_lettered").tag("code", c)
                .description("records sent to the dead-letter topic, by error code").register(registry)).increment();
    }
}
