package moodstream.streamer.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import moodstream.streamer.labeling.Routed;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each task's labels and dead letters per window before they cross to the one task that
 * adds the windows up: without it every image was a record on the repartition topic, which cost
 * a third of the throughput on small faces (docs/performance.md). The partial counts wait in a
 * logged, cached store (so they are in each transaction, and a crash loses or doubles none) and
 * go downstream once a {@code flushEvery} as one record per window, stamped with the latest image
 * timestamp it holds, which places it in its window and moves the adder's stream time as the
 * images themselves would.
 */
public final class TallyBuffer implements Processor<byte[], Routed, String, WindowStats> {
    /** The per-task store of partial windows, keyed by window start (epoch ms). */
    public static final String STORE = "window-tallies";
    static final String KEY = "all";

    private final long windowMs;
    private final Duration flushEvery;
    private ProcessorContext<String, WindowStats> context;
    private KeyValueStore<Long, WindowStats.Partial> partials;

    public TallyBuffer(Duration window, Duration flushEvery) {
        this.windowMs = window.toMillis();
        this.flushEvery = flushEvery;
    }

    @Override
    public void init(ProcessorContext<String, WindowStats> context) {
        this.context = context;
        this.partials = context.getStateStore(STORE);
        context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<byte[], Routed> record) {
        long start = record.timestamp() - Math.floorMod(record.timestamp(), windowMs);
        WindowStats.Partial was = partials.get(start);
        WindowStats.Partial now = was == null ? new WindowStats.Partial(WindowStats.EMPTY.add(record.value().tally()), record.timestamp())
                : new WindowStats.Partial(was.stats().add(record.value().tally()), Math.max(was.latest(), record.timestamp()));
        partials.put(start, now);
    }

    private void flush() {
        List<KeyValue<Long, WindowStats.Partial>> all = new ArrayList<>();
        try (KeyValueIterator<Long, WindowStats.Partial> it = partials.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<Long, WindowStats.Partial> kv : all) {
            context.forward(new Record<>(KEY, kv.value.stats(), kv.value.latest()));
            partials.delete(kv.key);
        }
    }
}
