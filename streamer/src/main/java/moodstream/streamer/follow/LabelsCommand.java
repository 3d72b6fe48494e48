package moodstream.streamer.follow;

import java.io.PrintWriter;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import moodstream.core.cli.Durations;
import moodstream.streamer.config.ConfigSources;
import moodstream.streamer.config.ConfigSourcesAware;
import moodstream.streamer.config.KafkaConnection;
import moodstream.streamer.labeling.Topics;
import moodstream.streamer.stats.StatsSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code moodstream labels}: follows the labels (and dead letters) as they are committed. */
@Command(name = "labels", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the labels (and dead letters) the streamer writes, as they are committed.",
                "One line per record: key, label, score and latency (from publishing to being read here)."
                        + " Reads read_committed and commits nothing unless --group. Follows until Ctrl-C, --max or --timeout.",
                "Settings: flags, then MOODSTREAM_<FLAG> environment variables, then --config FILE."})
public final class LabelsCommand implements Callable<Integer>, ConfigSourcesAware {
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = {"--topic", "--output-topic"}, defaultValue = Topics.DEFAULT_OUTPUT,
            description = "The streamer's output topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dead-letters", description = "Follow the dead-letter topic too.")
    boolean deadLetters;

    @Option(names = "--dead-letter-topic", defaultValue = Topics.DEFAULT_DEAD_LETTER, description = "The dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--stats", description = "Follow the window statistics (--stats-topic) instead: one line per closed window.")
    boolean stats;

    @Option(names = "--stats-topic", defaultValue = StatsSettings.DEFAULT_TOPIC, description = "The statistics topic (default: ${DEFAULT-VALUE}).")
    String statsTopic;

    @Option(names = "--from", defaultValue = "now", paramLabel = "beginning|now",
            description = "Start with everything the topics hold, or with what comes from now on (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "A table, or one JSON object per line (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Stop when nothing arrives for this long: 30s, 500ms, 2m, 1h, PT30S (default: follow until Ctrl-C).")
    String timeout;

    @Option(names = "--group", paramLabel = "ID",
            description = "Read as consumer group ID: share the partitions with its other members, commit what was shown,"
                    + " continue there next time. Without it nothing is committed.")
    String group;

    @Mixin
    KafkaConnection kafka = new KafkaConnection();

    @Spec
    CommandSpec spec;

    @Override
    public void useSources(ConfigSources sources) {
        kafka.useSources(sources);
    }

    /** The consumer properties: read_committed defaults, then the file and environment, then --kafka. */
    Properties consumerProperties() {
        return LabelFollower.consumerProperties(kafka.bootstrapServers(), kafka.properties(ConsumerConfig.configNames()),
                Optional.ofNullable(group).filter(g -> !g.isBlank()));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StartFrom start = StartFrom.parse(from);
        boolean json = switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "table" -> false;
            default -> throw new IllegalArgumentException("--format must be table or json, not '" + format + "'");
        };
        if (max != null && max < 1) {
            throw new IllegalArgumentException("--max must be at least 1; got " + max + " (leave it out to follow until Ctrl-C)");
        }
        Optional<Duration> idleLimit = timeout == null ? Optional.empty() : Optional.of(Durations.parse("--timeout", timeout));

        if (stats) {
            // Each closed window as a line (or its JSON as written).
            long[] windows = {0};
            follow(new LabelFollower(consumerProperties(), statsTopic, Optional.empty(), start), idleLimit,
                    (record, receivedAtMs) -> json ? new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8)
                            : StatsFormat.row(record.value()),
                    line -> {
                        out.println(line);
                        windows[0]++;
                    },
                    () -> windows[0], out, () -> err.printf(Locale.ROOT, "%d window(s)%n", windows[0]));
            return 0;
        }
        TableFormat table = new TableFormat();
        Counts counts = new Counts();
        Optional<String> dlq = deadLetters ? Optional.of(deadLetterTopic) : Optional.empty();
        LabelFollower follower = new LabelFollower(consumerProperties(), topic, dlq, start);
        if (!json) {
            out.println(table.header());
            out.flush();
        }
        follow(follower, idleLimit, (record, receivedAtMs) -> LabelFollower.toEvent(record, dlq, receivedAtMs),
                e -> {
                    out.println(json ? JsonLinesFormat.line(e) : table.row(e));
                    counts.add(e);
                },
                counts::total, out, () -> err.printf(Locale.ROOT, "%d record(s): %d label(s), %d dead letter(s), %d unreadable%n",
                        counts.total(), counts.labels, counts.deadLetters, counts.unreadable));
        return 0;
    }

    /**
     * Shows what {@code follower} reads, each record through {@code reader} to {@code show}, until
     * Ctrl-C, --max records shown, --timeout without any, or the reader of the output going away;
     * then closes it and prints {@code summary} to standard error.
     */
    private <T> void follow(LabelFollower follower, Optional<Duration> idleLimit,
                            BiFunction<ConsumerRecord<byte[], byte[]>, Long, T> reader, Consumer<T> show, LongSupplier shown,
                            PrintWriter out, Runnable summary) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> stopOnSignal(follower, finished), "moodstream-labels-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long lastArrival = System.nanoTime();
            while (max == null || shown.getAsLong() < max) {
                Duration wait = POLL;
                if (idleLimit.isPresent()) {
                    long left = idleLimit.get().toNanos() - (System.nanoTime() - lastArrival);
                    if (left <= 0) {
                        return;
                    }
                    wait = Duration.ofNanos(Math.min(left, POLL.toNanos()));
                }
                int limit = max == null ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, max - shown.getAsLong());
                List<T> events;
                try {
                    events = follower.poll(wait, limit, reader);
                } catch (WakeupException e) {
                    return; // Ctrl-C
                }
                if (events.isEmpty()) {
                    continue;
                }
                lastArrival = System.nanoTime();
                events.forEach(show);
                out.flush();
                if (out.checkError()) {
                    return; // the reader went away (e.g. piped into head)
                }
            }
        } finally {
            follower.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Ctrl-C: the hook is running, waiting for this close
            }
            summary.run();
            spec.commandLine().getErr().flush();
            finished.countDown();
        }
    }

    /**
     * Ctrl-C or SIGTERM: wake the consumer, let the command close it (committing, in group mode)
     * and print its count, then end with status 0: stopping is how a follower is meant to end.
     */
    private static void stopOnSignal(LabelFollower follower, CountDownLatch finished) {
        follower.wakeup();
        try {
            if (finished.await(10, TimeUnit.SECONDS)) {
                Runtime.getRuntime().halt(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Counts {
        long labels;
        long deadLetters;
        long unreadable;

        void add(FollowedRecord e) {
            if (e.label().isPresent()) {
                labels++;
            } else if (e.deadLetter()) {
                deadLetters++;
            } else {
                unreadable++;
            }
        }

        long total() {
            return labels + deadLetters + unreadable;
        }
    }
}
