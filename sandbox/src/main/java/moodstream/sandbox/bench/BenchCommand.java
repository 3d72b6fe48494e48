package moodstream.sandbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import moodstream.core.cli.Durations;
import moodstream.core.cli.ModelOptions;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.sandbox.broker.BrokerOptions;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.streamer.config.StreamerConfig;
import moodstream.streamer.labeling.MicroBatch;
import moodstream.streamer.labeling.Topics;
import moodstream.streamer.stats.StatsSettings;
import moodstream.streamer.ops.TopicGuard;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moodstream bench}: how fast the streamer labels, and what Kafka with exactly-once costs.
 * Not a test; its output goes into the docs. Three measurements in one run, on one embedded
 * broker, with the images preloaded as bytes so the disk is never timed:
 *
 * <ol>
 *   <li>(a) the in-process limit: the streamer's per-record work (core's decode and preprocess,
 *   then one single-image inference) on as many threads as it has stream threads, no Kafka. The
 *   streamer does exactly this work per record plus fetching, producing, committing
 *   transactions and writing JSON on the same threads, so it cannot go faster: (b)/(a) is the
 *   share of the limit that survives Kafka. Decode and inference are timed apart because big
 *   photos can cost more to decode than a small model costs to run.</li>
 *   <li>(b) end to end: a real {@link StreamerApp} with exactly-once on, 4 input partitions (--partitions). All
 *   images are sent as fast as the producer can, timed from the first send until the last label
 *   or dead letter is visible to a read_committed consumer: a label is delivered only once its
 *   transaction commits, so commit time is part of the cost.</li>
 *   <li>(c) latency: sends paced at half of (b)'s rate (a loaded but not saturated streamer),
 *   and, per image, the time from its scheduled send to its output being visible, in an
 *   HdrHistogram. With exactly-once this is dominated by the commit interval.</li>
 * </ol>
 *
 * <p>Broker, producer, reader and streamer share this JVM and its cores, so (b) and (c) are a
 * little pessimistic for a streamer with a machine of its own; compare runs made on one machine.
 * With {@code --bootstrap-servers} the broker is one of its own (bench/kafka-broker.sh starts
 * Kafka's {@code kafka.Kafka} with the same settings), and {@code --broker-pid} adds its CPU.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the streamer: (a) in-process limit, (b) end-to-end throughput with exactly-once,",
                "(c) latency at half that rate. Starts its own embedded broker; prints a table and JSON."})
public final class BenchCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);
    /** (c) warms up for at most this long: the app is already warm from (b), only the pacing needs to settle. */
    private static final double LATENCY_WARMUP_SECONDS = 3;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--data", required = true, description = "A folder of images, searched recursively; labels are ignored.")
    Path data;

    @Option(names = "--limit", defaultValue = "2000", description = "Use at most this many images, sorted by path (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--stream-threads", description = "Stream threads, and threads of (a) (default: the streamer's, one per core).")
    Integer streamThreads;

    @Option(names = "--warmup", defaultValue = "200", description = "Images processed and discarded before each measurement (default: ${DEFAULT-VALUE}).")
    int warmup;

    @ArgGroup(exclusive = true)
    LengthOptions length = new LengthOptions();

    static final class LengthOptions {
        @Option(names = "--seconds", description = "Least length of each measurement, rounded up to whole passes through the images; (b) sends what (a) did in this time (default: 30).")
        Double seconds;

        @Option(names = "--repeat", description = "Instead of --seconds: each measurement goes this many times through the images.")
        Integer repeat;

        Length toLength() {
            return repeat != null ? Length.ofPasses(repeat) : Length.ofSeconds(seconds == null ? 30 : seconds);
        }
    }

    @Option(names = "--out", description = "Append the result as one JSON line to this file.")
    Path out;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the input and output topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--batch-size", defaultValue = "1",
            description = "Images per inference call, in (a) and in the streamer (its --batch-size) (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-max-wait", defaultValue = "20ms", description = "The streamer's --batch-max-wait (default: ${DEFAULT-VALUE}).")
    String batchMaxWait;

    @Option(names = "--bootstrap-servers", description = {"Run (b) and (c) against this broker (e.g. one started by"
            + " bench/kafka-broker.sh) instead of an embedded one; its topics get this run's id in their names."})
    String bootstrapServers;

    @Option(names = "--broker-pid", description = "With --bootstrap-servers: the broker's process id, to report its CPU during (b).")
    Long brokerPid;

    @Option(names = "--stats", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the streamer's window statistics, as it does by default (--no-stats: without) (default: ${DEFAULT-VALUE}).")
    boolean stats;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka or Kafka Streams property for the streamer, e.g."
            + " commit.interval.ms=200 (repeatable).")
    Map<String, String> kafka = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        int threads = streamThreads == null ? StreamerConfig.defaultStreamThreads() : streamThreads;
        if (threads < 1 || limit < 1 || warmup < 0 || partitions < 1) {
            throw new IllegalArgumentException("--stream-threads, --partitions and --limit must be at least 1, --warmup at least 0");
        }
        Length len = length.toLength();
        MicroBatch batching = new MicroBatch(batchSize, Durations.parse("--batch-max-wait", batchMaxWait));
        if (brokerPid != null && bootstrapServers == null) {
            throw new IllegalArgumentException("--broker-pid needs --bootstrap-servers: the embedded broker runs in this JVM");
        }
        if (brokerPid != null) {
            ProcessCpu.seconds(brokerPid); // fails now, naming the pid, rather than after (a)
        }
        ImageLimits limits = ImageLimits.DEFAULT;
        // The producer and broker must carry every image; files beyond that are left out, not timed as failures.
        int maxRecordBytes = (int) Math.min(BrokerOptions.DEFAULT_MAX_MESSAGE_BYTES - 64 * 1024, limits.maxBytes());
        BenchImages images = BenchImages.load(data, limit, maxRecordBytes);
        String startedAt = Instant.now().toString();

        InProcessRun a = inProcess(images, threads, limits, len, batching);
        KafkaRuns bc = throughKafka(images, threads, limits, len, a.result().imagesPerSecond(), maxRecordBytes, batching);
        report(new BenchReport(startedAt, a.setup(), a.result(), bc.endToEnd(), bc.latency(),
                bc.endToEnd().imagesPerSecond() / a.result().imagesPerSecond()));
        return 0;
    }

    private record InProcessRun(BenchReport.Setup setup, BenchReport.InProcess result) {
    }

    private record KafkaRuns(BenchReport.EndToEnd endToEnd, BenchReport.Latency latency) {
    }

    /** (a): decode and inference on as many threads as stream threads, no Kafka; also what was measured with what. */
    private InProcessRun inProcess(BenchImages images, int threads, ImageLimits limits, Length len, MicroBatch batching)
            throws InterruptedException {
        InferenceOptions inference = model.inference();
        try (ImageClassifier classifier = ImageClassifier.open(model.model(), inference, limits, model.noFace())) {
            PreprocessingSpec spec = classifier.card().preprocessing();
            BenchReport.Setup setup = new BenchReport.Setup(classifier.card().name() + " " + classifier.card().version(),
                    classifier.model().sha256(), spec.width() + "x" + spec.height() + "x" + spec.channels(), data.toString(),
                    images.size(), images.totalBytes() / images.size(), threads, inference.intraOpThreads(), partitions, warmup,
                    len.describe(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + Runtime.version(), batching.maxImages(), batching.maxWait().toMillis(),
                    bootstrapServers == null ? "embedded" : bootstrapServers, Map.copyOf(kafka), stats);
            InProcessBench bench = new InProcessBench(classifier, images, threads, batching.maxImages());
            log.info("(a) in-process: warm-up {} images, then {}", warmup, len.describe());
            bench.run(warmup, 0);
            BenchReport.InProcess result = len.timed() ? bench.run(Long.MAX_VALUE, len.seconds()) : bench.run(len.images(0, images.size()), 0);
            log.info("(a) {} images/s", String.format("%.1f", result.imagesPerSecond()));
            return new InProcessRun(setup, result);
        }
    }

    /** (b) and (c): the streamer on an embedded broker (or the given one), flooded, then paced at half of (b)'s rate. */
    private KafkaRuns throughKafka(BenchImages images, int threads, ImageLimits limits, Length len, double inProcessRate,
                                   int maxRecordBytes, MicroBatch batching) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = Files.createTempDirectory("moodstream-bench-state-");
        EmbeddedKafkaBroker embedded = bootstrapServers == null ? EmbeddedKafkaBroker.start() : null;
        String bootstrap = embedded == null ? bootstrapServers : embedded.bootstrapServers();
        // On a broker of its own, earlier runs' topics may still be there: this run's are its own.
        Topics topics = embedded != null ? Topics.DEFAULT
                : new Topics("bench-images-" + runId, "bench-labels-" + runId, "bench-images-" + runId + ".dlq");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> names = new java.util.ArrayList<>(List.of(topics.input(), topics.output(), topics.deadLetter()));
            if (stats) {
                names.add(embedded != null ? StatsSettings.DEFAULT_TOPIC : "bench-stats-" + runId);
            }
            admin.createTopics(names.stream()
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
            TopicGuard.awaitLeaders(admin, names, Duration.ofSeconds(30));
            Map<String, String> streamerKafka = new java.util.HashMap<>(kafka);
            streamerKafka.putIfAbsent("state.dir", stateDir.toString());
            StreamerConfig config = StreamerConfig.builder(bootstrap, model.model())
                    .applicationId("moodstream-bench-" + runId)
                    .topics(topics)
                    .streamThreads(threads)
                    .inference(model.inference())
                    .noFace(model.noFace())
                    .batching(batching)
                    .stats(stats ? Optional.of(new StatsSettings(StatsSettings.DEFAULT.window(), StatsSettings.DEFAULT.grace(),
                            names.get(names.size() - 1))) : Optional.empty())
                    .limits(limits)
                    .httpPort(-1)
                    .partitions(partitions)
                    .kafka(streamerKafka)
                    .build();
            try (StreamerApp app = StreamerApp.start(config);
                 EndToEndBench e2e = new EndToEndBench(EndToEndBench.producer(bootstrap, maxRecordBytes + 64 * 1024),
                         new OutputWatcher(bootstrap, List.of(topics.output(), topics.deadLetter()), topics.deadLetter(),
                                 maxRecordBytes + 64 * 1024),
                         topics.input(), images, runId)) {
                awaitRunning(app);
                BenchReport.EndToEnd endToEnd = flooded(e2e, len, inProcessRate, images.size(), config.applicationId());
                return new KafkaRuns(endToEnd, paced(e2e, len, endToEnd.imagesPerSecond() / 2, images.size()));
            } finally {
                if (embedded == null) {
                    admin.deleteTopics(names);
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            deleteQuietly(stateDir);
        }
    }

    /** (b): as many images as fast as possible, after a warm-up; the CPU each process used. */
    private BenchReport.EndToEnd flooded(EndToEndBench e2e, Length len, double inProcessRate, int imageCount, String applicationId)
            throws InterruptedException {
        log.info("(b) end to end: warm-up {} images", warmup);
        if (warmup > 0) {
            e2e.flood("b-warmup", warmup);
        }
        int bCount = Math.toIntExact(len.images(inProcessRate, imageCount));
        log.info("(b) end to end: {} images as fast as possible", bCount);
        Map<Long, Long> cpuBefore = CpuShare.snapshot();
        double brokerBefore = brokerPid == null ? 0 : ProcessCpu.seconds(brokerPid);
        long bStart = System.nanoTime();
        EndToEndBench.PhaseResult b = e2e.flood("b", bCount);
        CpuShare cpu = CpuShare.since(cpuBefore, bStart, applicationId,
                brokerPid == null ? -1 : ProcessCpu.seconds(brokerPid) - brokerBefore);
        return new BenchReport.EndToEnd(b.images(), b.images() - b.deadLetters(), b.deadLetters(), b.duplicates(),
                b.seconds(), b.imagesPerSecond(), cpu);
    }

    /** (c): latency at {@code rate} images a second, after a short warm-up at that rate. */
    private BenchReport.Latency paced(EndToEndBench e2e, Length len, double rate, int imageCount) throws InterruptedException {
        int cWarmup = (int) Math.min(warmup, Math.round(rate * LATENCY_WARMUP_SECONDS));
        log.info("(c) latency: warm-up {} images at {}/s", cWarmup, String.format("%.1f", rate));
        if (cWarmup > 0) {
            e2e.paced("c-warmup", cWarmup, rate, false);
        }
        int cCount = Math.toIntExact(len.images(rate, imageCount));
        log.info("(c) latency: {} images at {}/s", cCount, String.format("%.1f", rate));
        EndToEndBench.PhaseResult c = e2e.paced("c", cCount, rate, true);
        return new BenchReport.Latency(rate, c.sentPerSecond(), c.deadLetters(), c.duplicates(),
                LatencySummary.of(c.phase().latencyMicros()));
    }

    private void report(BenchReport report) throws IOException {
        System.out.println(report.table());
        System.out.println(report.toJson(true));
        if (out != null) {
            Files.writeString(out, report.toJson(false) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Sending before the group is formed would time the rebalance, not the streamer. */
    private static void awaitRunning(StreamerApp app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the streamer did not reach RUNNING (state " + app.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
