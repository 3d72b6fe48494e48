package moodstream.streamer;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.cli.Durations;
import moodstream.core.cli.ImageLimitOptions;
import moodstream.core.cli.ModelOptions;
import moodstream.streamer.config.ConfigSources;
import moodstream.streamer.config.ConfigSourcesAware;
import moodstream.streamer.config.KafkaConnection;
import moodstream.streamer.config.StreamerConfig;
import moodstream.streamer.labeling.MicroBatch;
import moodstream.streamer.labeling.Topics;
import moodstream.streamer.stats.StatsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moodstream stream}: runs the streamer until SIGTERM or Ctrl-C. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Label image messages from Kafka with an ONNX model.",
                "Settings: flags, then MOODSTREAM_<FLAG> environment variables, then --config FILE (flag=value lines)."})
public final class StreamCommand implements Callable<Integer>, ConfigSourcesAware {
    @Mixin
    KafkaConnection kafka = new KafkaConnection();

    @Option(names = "--application-id", defaultValue = "moodstream-streamer",
            description = "Kafka Streams application id; instances with the same id share the partitions (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--input-topic", defaultValue = Topics.DEFAULT_INPUT, description = "Topic of raw image bytes (default: ${DEFAULT-VALUE}).")
    String inputTopic;

    @Option(names = "--output-topic", defaultValue = Topics.DEFAULT_OUTPUT, description = "Topic of JSON labels (default: ${DEFAULT-VALUE}).")
    String outputTopic;

    @Option(names = "--dead-letter-topic", defaultValue = Topics.DEFAULT_DEAD_LETTER, description = "Topic of unusable records (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--stream-threads", description = "Kafka Streams threads (default: the number of cores).")
    Integer streamThreads;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    ImageLimitOptions limits = new ImageLimitOptions();

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of /health, /ready, /metrics; -1 disables (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--create-topics", description = "Create missing topics instead of stopping.")
    boolean createTopics;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of topics it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--max-inference-failures", defaultValue = "3",
            description = {"Failed inference attempts in a row, with a reference image failing too, after which this instance stops"
                    + " (exit 1) and leaves its records to a healthy instance (default: ${DEFAULT-VALUE})."})
    int maxInferenceFailures;

    @Option(names = "--batch-size", defaultValue = "1",
            description = {"Images per inference call: each task holds up to this many preprocessed images (in a logged"
                    + " state store, so exactly-once holds) and labels them together; 1 labels each image alone"
                    + " (default: ${DEFAULT-VALUE})."})
    int batchSize;

    @Option(names = "--batch-max-wait", defaultValue = "20ms",
            description = "With --batch-size above 1: the longest an image waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    String batchMaxWait;

    @Option(names = "--model-watch", defaultValue = "10s",
            description = {"How often to look at the --model file: a changed file is loaded, checked (same labels and"
                    + " preprocessing) and swapped in without a restart; 'off' never looks (POST /model/reload still works)"
                    + " (default: ${DEFAULT-VALUE})."})
    String modelWatch;

    @Option(names = "--stats-window", defaultValue = "1m",
            description = {"Tumbling window of the label statistics written to --stats-topic (counts and mean score per label,"
                    + " dead letters per code, the models), by the images' timestamps; 'off' for none (default: ${DEFAULT-VALUE})."})
    String statsWindow;

    @Option(names = "--stats-grace", defaultValue = "10s",
            description = "How long after its end a window still takes late images before its record is written (default: ${DEFAULT-VALUE}).")
    String statsGrace;

    @Option(names = "--stats-topic", defaultValue = StatsSettings.DEFAULT_TOPIC,
            description = "Topic of the window statistics (default: ${DEFAULT-VALUE}).")
    String statsTopic;

    @Option(names = "--instance-id",
            description = {"A name for this instance that stays the same across its restarts (e.g. the pod name): static group"
                    + " membership, so a restart within the session timeout takes its partitions back without a rebalance."})
    String instanceId;

    /** The merged configuration: flags, environment, file, defaults. */
    public StreamerConfig config() {
        boolean exactlyOnce = switch (guarantee.toLowerCase(Locale.ROOT)) {
            case "exactly_once_v2", "exactly_once" -> true;
            case "at_least_once" -> false;
            default -> throw new IllegalArgumentException("unknown --processing-guarantee '" + guarantee
                    + "': use exactly_once_v2 or at_least_once");
        };
        StreamerConfig.Builder config = StreamerConfig.builder(kafka.bootstrapServers(), model.model())
                .applicationId(applicationId)
                .topics(new Topics(inputTopic, outputTopic, deadLetterTopic))
                .exactlyOnce(exactlyOnce)
                .inference(model.inference())
                .noFace(model.noFace())
                .batching(new MicroBatch(batchSize, Durations.parse("--batch-max-wait", batchMaxWait)))
                .modelWatch(modelWatch.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Durations.parse("--model-watch", modelWatch)))
                .stats(statsWindow.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(new StatsSettings(
                        Durations.parse("--stats-window", statsWindow), grace(), statsTopic)))
                .limits(limits.limits())
                .httpPort(httpPort)
                .createTopics(createTopics)
                .partitions(partitions)
                .kafka(kafka.allProperties())
                .maxInferenceFailures(maxInferenceFailures)
                .instanceId(instanceId);
        if (streamThreads != null) {
            config.streamThreads(streamThreads);
        }
        return config.build();
    }

    /** Zero is a valid grace (no late images), which Durations refuses as not positive. */
    private java.time.Duration grace() {
        String text = statsGrace.strip();
        return text.equals("0") || text.equals("0s") ? java.time.Duration.ZERO : Durations.parse("--stats-grace", text);
    }

    @Override
    public void useSources(ConfigSources sources) {
        kafka.useSources(sources);
    }

    @Override
    public Integer call() throws InterruptedException {
        StreamerApp app = StreamerApp.start(config());
        Thread hook = new Thread(app::close, "moodstream-shutdown");
        // SIGTERM and Ctrl-C: Streams commits what it has processed and leaves the group.
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = app.awaitTermination();
        if (failed) {
            app.close();
            return 1;
        }
        return 0;
    }
}
