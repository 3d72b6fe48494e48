package moodstream.sandbox.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import moodstream.core.image.ImageFormat;
import moodstream.core.inference.InferenceOptions;
import moodstream.sandbox.broker.BrokerOptions;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.streamer.config.StreamerConfig;
import moodstream.streamer.labeling.Topics;
import moodstream.streamer.follow.FollowedRecord;
import moodstream.streamer.follow.LabelFollower;
import moodstream.streamer.follow.TableFormat;
import moodstream.streamer.follow.StartFrom;
import moodstream.streamer.publish.ImageFile;
import moodstream.streamer.publish.ImagePublisher;
import moodstream.streamer.publish.Pacer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The streaming half of the demo: an embedded single-node broker on loopback, the streamer
 * as users run it (same {@link StreamerApp}, exactly-once), and the {@code publish} and
 * {@code labels} tools' classes on either side of it.
 */
final class DemoStream {
    static final Topics TOPICS = Topics.DEFAULT;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Cleanup cleanup;
    private final PrintStream out;
    private String bootstrapServers;

    DemoStream(Cleanup cleanup, PrintStream out) {
        this.cleanup = cleanup;
        this.out = out;
    }

    /** Starts broker and streamer, each registered with the cleanup; returns once the streamer runs. */
    void start(Path model, InferenceOptions inference, int partitions) throws InterruptedException {
        Path work = createWorkDir();
        EmbeddedKafkaBroker broker = cleanup.add(EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(work.resolve("kafka"))));
        bootstrapServers = broker.bootstrapServers();
        out.printf("Kafka: embedded single-node broker at %s (data in %s)%n", bootstrapServers, work);
        StreamerConfig config = StreamerConfig.builder(bootstrapServers, model)
                .applicationId("moodstream-demo")
                .topics(TOPICS)
                .streamThreads(2)
                .inference(inference)
                .httpPort(0)
                .createTopics(true)
                .partitions(partitions)
                .kafka(Map.of(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString()))
                .build();
        StreamerApp app = cleanup.add(StreamerApp.start(config));
        out.printf("streamer: %s -> %s (dead letters: %s), exactly once, %d partitions%n", TOPICS.input(), TOPICS.output(),
                TOPICS.deadLetter(), partitions);
        out.printf("status page: http://127.0.0.1:%d/  (metrics at /metrics)%n", app.httpPort());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (app.state() == KafkaStreams.State.ERROR || app.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the streamer stopped while starting (state " + app.state() + "); see the log above");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the streamer did not reach RUNNING within " + START_TIMEOUT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * Publishes the images ({@code perSecond} of them a second, or all at once when 0) and
     * prints each answer as it arrives, until every image has one or, once all are sent,
     * nothing new arrived for {@code quiet}.
     */
    DemoSummary run(List<DemoImage> images, double perSecond, Duration quiet) {
        Map<String, DemoImage> waiting = new HashMap<>();
        images.forEach(image -> waiting.put(image.key(), image));
        // The demo knows every key in advance, so the columns can line up for all of them.
        TableFormat table = new TableFormat(Math.max(32, images.stream().mapToInt(image -> image.key().length()).max().orElse(0)));
        try (LabelFollower follower = new LabelFollower(LabelFollower.consumerProperties(bootstrapServers, Map.of(), Optional.empty()),
                TOPICS.output(), Optional.of(TOPICS.deadLetter()), StartFrom.NOW);
             ImagePublisher publisher = new ImagePublisher(ImagePublisher.producerProperties(bootstrapServers, Map.of()), TOPICS.input())) {
            out.printf("publishing %d test images to %s%s; labels as they arrive:%n%s   expected%n", images.size(), TOPICS.input(),
                    perSecond > 0 ? String.format(Locale.ROOT, " at %.1f/s", perSecond) : "", table.header());
            Optional<Pacer> pacer = perSecond > 0 ? Optional.of(Pacer.startingNow(perSecond)) : Optional.empty();
            Tally tally = new Tally(table, System.currentTimeMillis());
            long lastProgress = System.nanoTime();
            int sent = 0;
            while (tally.answered() < images.size()) {
                int before = sent;
                sent = publishDue(publisher, images, sent, pacer);
                if (sent == images.size() && before < sent) {
                    lastProgress = System.nanoTime();
                }
                if (sent == images.size() && System.nanoTime() - lastProgress > quiet.toNanos()) {
                    break;
                }
                for (FollowedRecord event : follower.poll(Duration.ofMillis(sent < images.size() ? 20 : 200))) {
                    DemoImage image = waiting.remove(event.key());
                    if (image == null) {
                        continue; // not one of ours, or a second answer (there is none under exactly-once)
                    }
                    lastProgress = System.nanoTime();
                    tally.record(event, image);
                }
            }
            return tally.summary(images.size());
        }
    }

    /** Sends the images that are due (all of them without a pacer), from index {@code sent}; flushes after the last. */
    private static int publishDue(ImagePublisher publisher, List<DemoImage> images, int sent, Optional<Pacer> pacer) {
        while (sent < images.size() && (pacer.isEmpty() || pacer.get().dueNanos(sent) <= System.nanoTime())) {
            DemoImage image = images.get(sent);
            byte[] bytes = read(image.path());
            publisher.send(image.key(), bytes, new ImageFile(image.path(), image.key(), ImageFormat.sniff(bytes)).contentType());
            sent++;
            if (sent == images.size()) {
                publisher.flush();
            }
        }
        return sent;
    }

    /** The answers so far: each printed as a row with its verdict, counted, and its latency kept. */
    private final class Tally {
        private final TableFormat table;
        private final long firstSentMs;
        private final Histogram latencyMs = new Histogram(3_600_000L, 3);
        private long lastAnswerMs;
        private int labelled;
        private int correct;
        private int deadLettered;

        Tally(TableFormat table, long firstSentMs) {
            this.table = table;
            this.firstSentMs = firstSentMs;
            this.lastAnswerMs = firstSentMs;
        }

        int answered() {
            return labelled + deadLettered;
        }

        void record(FollowedRecord event, DemoImage image) {
            lastAnswerMs = event.receivedAtMs();
            latencyMs.recordValue(Math.max(0, Math.min(event.latencyMs(), latencyMs.getHighestTrackableValue())));
            String verdict = image.expectedLabel();
            if (event.deadLetter()) {
                deadLettered++;
            } else {
                labelled++;
                boolean right = event.label().orElseThrow().label().equals(image.expectedLabel());
                correct += right ? 1 : 0;
                verdict += right ? "" : "  <- wrong";
            }
            out.println(table.row(event) + "   " + verdict);
        }

        DemoSummary summary(int published) {
            double seconds = Math.max(0, lastAnswerMs - firstSentMs) / 1000.0;
            return new DemoSummary(published, labelled, correct, deadLettered, seconds,
                    latencyMs.getValueAtPercentile(50), latencyMs.getValueAtPercentile(99));
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test image " + file + ": " + e.getMessage(), e);
        }
    }

    /** One temporary folder for the broker's log and Streams' state, deleted by the cleanup. */
    private Path createWorkDir() {
        try {
            Path work = Files.createTempDirectory("moodstream-demo-");
            cleanup.add(() -> Utils.delete(work.toFile()));
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage() + "; set TMPDIR or -Djava.io.tmpdir to a writable folder", e);
        }
    }
}
