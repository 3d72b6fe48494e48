package moodstream.streamer.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window's statistics as they are aggregated (the state store's value): per label how many
 * and their summed score, per dead-letter code how many, per model how many labels it made.
 * Immutable: {@link #add} returns the next value, as Kafka Streams' aggregator expects.
 */
public record WindowStats(Map<String, Long> labels, Map<String, Double> scoreSums, Map<String, Long> deadLetters,
                          Map<String, ModelCount> models) {
    /** @param sha256 the model's SHA-256, which identifies it */
    public record ModelCount(String name, String version, String sha256, long labels) {
    }

    public static final WindowStats EMPTY = new WindowStats(Map.of(), Map.of(), Map.of(), Map.of());

    /** One task's counts of one window so far, and the latest image timestamp among them. */
    public record Partial(WindowStats stats, long latest) {
    }

    /** Both windows' counts together: the adder's step, summing the tasks' partial counts. */
    public WindowStats merge(WindowStats other) {
        Map<String, Long> counts = new TreeMap<>(labels);
        other.labels.forEach((k, v) -> counts.merge(k, v, Long::sum));
        Map<String, Double> sums = new TreeMap<>(scoreSums);
        other.scoreSums.forEach((k, v) -> sums.merge(k, v, Double::sum));
        Map<String, Long> dead = new TreeMap<>(deadLetters);
        other.deadLetters.forEach((k, v) -> dead.merge(k, v, Long::sum));
        Map<String, ModelCount> byModel = new LinkedHashMap<>(models);
        other.models.forEach((sha, m) -> byModel.merge(sha, m,
                (a, b) -> new ModelCount(a.name(), a.version(), a.sha256(), a.labels() + b.labels())));
        return new WindowStats(counts, sums, dead, byModel);
    }

    public WindowStats add(Tally t) {
        if (t.label() == null) {
            Map<String, Long> dead = new TreeMap<>(deadLetters);
            dead.merge(t.deadLetterCode(), 1L, Long::sum);
            return new WindowStats(labels, scoreSums, dead, models);
        }
        Map<String, Long> counts = new TreeMap<>(labels);
        counts.merge(t.label(), 1L, Long::sum);
        Map<String, Double> sums = new TreeMap<>(scoreSums);
        sums.merge(t.label(), t.score(), Double::sum);
        Map<String, ModelCount> byModel = new LinkedHashMap<>(models);
        byModel.merge(t.modelSha256(), new ModelCount(t.modelName(), t.modelVersion(), t.modelSha256(), 1),
                (a, b) -> new ModelCount(a.name(), a.version(), a.sha256(), a.labels() + 1));
        return new WindowStats(counts, sums, deadLetters, byModel);
    }

    /** The record written to the statistics topic once the window has closed (schema in docs/messages.md). */
    public record Closed(@JsonProperty("window_start") String windowStart, @JsonProperty("window_end") String windowEnd,
                         long images, Map<String, LabelSummary> labels, @JsonProperty("dead_letters") Map<String, Long> deadLetters,
                         List<ModelCount> models) {
    }

    /** @param meanScore the mean of the label's own score over the window's images with that label */
    public record LabelSummary(long count, @JsonProperty("mean_score") double meanScore) {
    }

    public Closed close(String windowStart, String windowEnd) {
        Map<String, LabelSummary> summary = new TreeMap<>();
        labels.forEach((label, n) -> summary.put(label, new LabelSummary(n, scoreSums.get(label) / n)));
        long images = labels.values().stream().mapToLong(Long::longValue).sum()
                + deadLetters.values().stream().mapToLong(Long::longValue).sum();
        return new Closed(windowStart, windowEnd, images, summary, deadLetters, List.copyOf(models.values()));
    }
}
