package moodstream.streamer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.ExecutionProvider;
import moodstream.core.inference.InferenceOptions;
import moodstream.streamer.config.ConfigSources;
import moodstream.streamer.config.ConfigSourcesAware;
import moodstream.streamer.config.KafkaConnection;
import moodstream.streamer.config.StreamerConfig;
import moodstream.streamer.labeling.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import moodstream.core.inference.ShippedModel;

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

    @Option(names = "--input-topic", defaultValue = "images", description = "Topic of raw image bytes (default: ${DEFAULT-VALUE}).")
    String inputTopic;

    @Option(names = "--output-topic", defaultValue = "labels", description = "Topic of JSON labels (default: ${DEFAULT-VALUE}).")
    String outputTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "images.dlq", description = "Topic of unusable records (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--stream-threads", description = "Kafka Streams threads (default: the number of cores).")
    Integer streamThreads;

    @Option(names = "--intra-op-threads", defaultValue = "1",
            description = "ONNX Runtime threads per inference; they share the cores with the stream threads (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(names = "--provider", defaultValue = "auto", description = "cpu, cuda or auto (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--cuda-device", defaultValue = "0", description = "GPU index for CUDA (default: ${DEFAULT-VALUE}).")
    int cudaDevice;

    @Option(names = "--model", defaultValue = ShippedModel.OPTION_DEFAULT,
            description = "The ONNX model (default: the one shipped in models/default, ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--max-bytes", defaultValue = "10485760", description = "Largest encoded image accepted (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--max-pixels", defaultValue = "50000000", description = "Largest width x height accepted (default: ${DEFAULT-VALUE}).")
    long maxPixels;

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
        return new StreamerConfig(kafka.bootstrapServers(), applicationId, new Topics(inputTopic, outputTopic, deadLetterTopic),
                exactlyOnce, streamThreads == null ? Runtime.getRuntime().availableProcessors() : streamThreads,
                new InferenceOptions(ExecutionProvider.parse(provider), intraOpThreads, cudaDevice), model,
                new ImageLimits(maxBytes, maxPixels), httpPort, createTopics, partitions, kafka.allProperties(),
                maxInferenceFailures, instanceId);
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
