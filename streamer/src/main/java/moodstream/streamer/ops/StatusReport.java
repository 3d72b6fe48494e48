package moodstream.streamer.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import moodstream.streamer.labeling.ModelSlot;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /status.json}, what the status page at {@code /} polls: the streams state, the model
 * serving and since when, the running totals (images in, labels per label, dead letters per code)
 * and the consumer lag summed over this instance's input partitions. Totals, not rates: the page
 * takes differences between two polls, so any number of viewers cost the streamer nothing extra.
 */
final class StatusReport {
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Map<MetricName, ? extends Metric>> kafkaMetrics;
    private final MeterRegistry registry;
    private final ModelSlot models;
    private final Instant startedAt;
    private final String inputTopic;

    StatusReport(Supplier<KafkaStreams.State> state, Supplier<Map<MetricName, ? extends Metric>> kafkaMetrics, MeterRegistry registry,
                 ModelSlot models, Instant startedAt, String inputTopic) {
        this.inputTopic = inputTopic;
        this.state = state;
        this.kafkaMetrics = kafkaMetrics;
        this.registry = registry;
        this.models = models;
        this.startedAt = startedAt;
    }

    Map<String, Object> now() {
        Map<String, Object> s = new LinkedHashMap<>();
        Instant now = Instant.now();
        s.put("time", now.toString());
        s.put("state", state.get().name());
        s.put("uptime_s", Duration.between(startedAt, now).toSeconds());
        ModelSlot.Served served = models.peek();
        s.put("model", served.model());
        s.put("model_loaded_at", served.loadedAt().toString());
        Counter in = registry.find("moodstream.records.in").counter();
        s.put("records_in", in == null ? 0 : (long) in.count());
        s.put("labelled", byTag("moodstream.records.labelled", "label"));
        s.put("dead_letters", byTag("moodstream.records.dead_lettered", "code"));
        s.put("lag", lag());
        return s;
    }

    private Map<String, Long> byTag(String meter, String tag) {
        Map<String, Long> counts = new TreeMap<>();
        registry.find(meter).counters().forEach(c -> counts.merge(c.getId().getTag(tag), (long) c.count(), Long::sum));
        return counts;
    }

    /** Images behind the end of each assigned input partition (the consumer's records-lag), summed; null before any fetch. */
    private Long lag() {
        long sum = 0;
        boolean any = false;
        for (Map.Entry<MetricName, ? extends Metric> e : kafkaMetrics.get().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && name.tags().containsKey("partition") && inputTopic.equals(name.tags().get("topic"))) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    sum += n.longValue();
                    any = true;
                }
            }
        }
        return any ? sum : null;
    }
}
