package moodstream.sandbox.bench;

import java.time.Duration;
import java.util.Properties;
import moodstream.streamer.publish.Pacer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measurements (b) and (c) against a running streamer: a producer of the preloaded images and an
 * {@link OutputWatcher} on the labels and dead letters. Each call is one phase with its own key
 * prefix, so warm-up records and earlier phases can never be counted in a later one.
 */
final class EndToEndBench implements AutoCloseable {
    /** No new output for this long ends a phase with an error instead of a hang. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final KafkaProducer<String, byte[]> producer;
    private final OutputWatcher watcher;
    private final String inputTopic;
    private final BenchImages images;
    private final String runId;

    EndToEndBench(KafkaProducer<String, byte[]> producer, OutputWatcher watcher, String inputTopic, BenchImages images,
                  String runId) {
        this.producer = producer;
        this.watcher = watcher;
        this.inputTopic = inputTopic;
        this.images = images;
        this.runId = runId;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int maxRequestBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Photos are large: let send() block on a full buffer (back pressure) rather than fail.
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        return new KafkaProducer<>(p);
    }

    /** Result of one phase: the measured window runs from the first send to the last output seen. */
    record PhaseResult(int images, long deadLetters, long duplicates, double seconds, double sendSeconds,
                       OutputWatcher.Phase phase) {
        double imagesPerSecond() {
            return images / seconds;
        }

        double sentPerSecond() {
            return images / sendSeconds;
        }
    }

    /** (b) and warm-ups: everything as fast as the producer can send it. */
    PhaseResult flood(String name, int count) throws InterruptedException {
        return run(name, count, null, false);
    }

    /** (c): sends on a schedule of {@code perSecond}, recording each image's latency. */
    PhaseResult paced(String name, int count, double perSecond, boolean recordLatency) throws InterruptedException {
        return run(name, count, perSecond, recordLatency);
    }

    private PhaseResult run(String name, int count, Double perSecond, boolean recordLatency) throws InterruptedException {
        OutputWatcher.Phase phase = watcher.open(runId + "/" + name + "/", count, recordLatency);
        try {
            long start = System.nanoTime();
            Pacer pacer = perSecond == null ? null : new Pacer(perSecond, start, System::nanoTime);
            for (int i = 0; i < count; i++) {
                // Latency counts from when the send was due, so a producer that falls behind
                // shows up as latency instead of silently lowering the load (coordinated omission).
                long due = pacer == null ? System.nanoTime() : pacer.awaitSlot(i);
                phase.sent(i, due);
                producer.send(new ProducerRecord<>(inputTopic, phase.key(i), images.cyclic(i)), (metadata, e) -> {
                    if (e != null) {
                        phase.sendFailed(e);
                    }
                });
            }
            producer.flush();
            long sentAll = System.nanoTime();
            phase.await(STALL);
            return new PhaseResult(count, phase.deadLetters(), phase.duplicates(), (phase.lastArrivalNanos() - start) / 1e9,
                    (sentAll - start) / 1e9, phase);
        } finally {
            watcher.close(phase);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        watcher.close();
    }
}
