package moodstream.sandbox.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import moodstream.streamer.ops.TopicGuard;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster inside this JVM: one KRaft process acting as broker and controller,
 * listening on 127.0.0.1 only.
 *
 * <p>Topics are never created automatically ({@code auto.create.topics.enable=false}): an app that
 * forgets to create one should find out here rather than in a real cluster. Every replication
 * factor and min ISR is 1, so transactions and consumer groups work on one node.
 *
 * <p>Always {@link #close()} it: the broker's threads are not daemons and keep the JVM alive.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    /** Another process can take a free port between our probe and the broker's bind. */
    private static final int START_ATTEMPTS = 3;
    private static final String LOOPBACK = "127.0.0.1";

    private final KafkaRaftServer server;
    private final Admin admin;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Admin admin, String bootstrapServers,
                                Path dataDir, boolean deleteDataDirOnClose) {
        this.server = server;
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    /** Starts a broker with default options in a temporary directory that {@link #close()} deletes. */
    public static EmbeddedKafkaBroker start() {
        return start(BrokerOptions.defaults());
    }

    /** Starts a broker and returns once it answers admin requests; fails after 30 s. */
    public static EmbeddedKafkaBroker start(BrokerOptions options) {
        boolean temporary = options.dataDir().isEmpty();
        Path dir;
        try {
            dir = temporary
                    ? Files.createTempDirectory("moodstream-kafka-")
                    : Files.createDirectories(options.dataDir().get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        Path logDir = dir.resolve("kraft-logs");
        // Only storage that this call formatted may be wiped before a retry; a caller's existing data is kept.
        boolean formattedHere = !Files.exists(logDir);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOnce(options, dir, logDir, temporary);
                } catch (RuntimeException e) {
                    if (attempt >= START_ATTEMPTS || !isPortClash(e)) {
                        throw e;
                    }
                    LOG.warn("Embedded Kafka broker lost a port race (attempt {}), retrying on new ports", attempt);
                    // The standalone format records the controller's endpoint, which is about to change.
                    if (formattedHere) {
                        deleteRecursively(logDir);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            if (temporary) {
                deleteQuietly(dir, e);
            }
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startOnce(BrokerOptions options, Path dir, Path logDir, boolean temporary) {
        long startNanos = System.nanoTime();
        int[] ports = freeLoopbackPorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        Properties props = brokerConfig(options, logDir, brokerPort, controllerPort);
        Path configFile = dir.resolve("server.properties");
        writeProperties(props, configFile);
        // Reformatting would need the stored cluster id; an existing log directory is simply reused.
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(configFile);
        }

        // doLog=false: the full config dump is hundreds of lines at INFO.
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException | Error e) {
            // A half-started server has live non-daemon threads; stop them before giving up.
            stopQuietly(server, e);
            throw e;
        }

        String bootstrap = LOOPBACK + ":" + brokerPort;
        Admin admin = null;
        try {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
            awaitReady(admin, bootstrap);
        } catch (RuntimeException | Error e) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
            stopQuietly(server, e);
            throw e;
        }
        LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})",
                bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dir);
        return new EmbeddedKafkaBroker(server, admin, bootstrap, dir, temporary);
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's config and logs. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition has a leader ready
     * to take writes ({@link TopicGuard#awaitLeaders}).
     * A topic that already exists with the requested partition count is left alone; one with a
     * different count is an error, since silently keeping it would change how records are keyed.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        ensureOpen();
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                .toList();
        admin.createTopics(newTopics).values().forEach((topic, future) -> {
            try {
                future.get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + topic + " took over " + TOPIC_TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + topic, e);
            }
        });
        awaitTopics(partitionsByTopic);
    }

    /** Stops the broker and waits for its threads; deletes the temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            server.shutdown();
            server.awaitShutdown();
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("embedded Kafka broker at " + bootstrapServers + " is closed");
        }
    }

    private void awaitTopics(Map<String, Integer> expected) {
        // Leaders that answer as leaders, not just leaders in the metadata: see TopicGuard.awaitLeaders.
        Map<String, Integer> found = TopicGuard.awaitLeaders(admin, expected.keySet(), TOPIC_TIMEOUT);
        expected.forEach((topic, partitions) -> {
            if (!found.get(topic).equals(partitions)) {
                throw new IllegalStateException("topic " + topic + " exists with " + found.get(topic)
                        + " partitions, not the requested " + partitions);
            }
        });
    }

    private static void awaitReady(Admin admin, String bootstrap) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                // Empty until the broker has registered with the controller and been unfenced.
                Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e.getCause();
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("embedded Kafka broker at " + bootstrap + " did not answer describeCluster within "
                + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last), last);
    }

    static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    static final String TRANSACTION_ABORT_INTERVAL_MS = "transaction.abort.timed.out.transaction.cleanup.interval.ms";

    /**
     * The single-node KRaft configuration this class runs, also for a broker in a process of its
     * own ({@code kafka.Kafka server.properties}), which a test can kill -9 and restart.
     */
    public static Properties brokerConfig(BrokerOptions options, Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", String.valueOf(NODE_ID));
        c.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        // Clients must never be told about the controller listener.
        c.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        // Bootstrap servers (not static voters) is what `format --standalone` expects: a dynamic quorum of one.
        c.put("controller.quorum.bootstrap.servers", LOOPBACK + ":" + controllerPort);
        c.put("log.dirs", logDir.toAbsolutePath().toString());
        c.put("num.partitions", String.valueOf(options.numPartitionsDefault()));
        c.put("auto.create.topics.enable", "false");

        // One node: anything above 1 could never be satisfied and would block groups and transactions.
        c.put("offsets.topic.replication.factor", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        // The defaults (50 partitions each) cost seconds on first use and buy nothing on one node.
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.num.partitions", "1");
        // No other members will join; don't make the first consumer group wait 3 s for them.
        c.put("group.initial.rebalance.delay.ms", "0");
        // A crashed streamer's open transaction holds back read_committed consumers on the
        // partitions it wrote until the coordinator aborts it, and the coordinator looks for
        // timed-out transactions only every 10 s by default: up to 15 s of stall (docs/streaming.md).
        // But the first look must come after the restart's fencing window. On one node, a broker
        // restarted after a crash leads its partitions from the stale metadata until the controller
        // expires the previous incarnation's session (broker.session.timeout.ms after it starts);
        // then every leader is briefly none. A transaction the coordinator aborts in that window
        // loses its markers: Kafka 4.3's TransactionMarkerChannelManager takes a partition without
        // a leader for a deleted one, skips it and completes the abort, and the next transaction
        // of the same producer then commits the aborted records (seen as duplicate labels in
        // KillNineRecoveryIT; docs/streaming.md has the trace). So the session is short and the
        // first look comes later than it: interval > session timeout, checked by a test.
        c.put(BROKER_SESSION_TIMEOUT_MS, "3000");
        c.put("broker.heartbeat.interval.ms", "1000");
        c.put(TRANSACTION_ABORT_INTERVAL_MS, "4000");

        // Images travel through the broker.
        String maxMessage = String.valueOf(options.maxMessageBytes());
        c.put("message.max.bytes", maxMessage);
        c.put("replica.fetch.max.bytes", maxMessage);
        long socketMax = Math.max(100L * 1024 * 1024, 2 * options.maxMessageBytes());
        c.put("socket.request.max.bytes", String.valueOf(socketMax));

        // The log cleaner allocates its dedupe buffer up front (128 MiB by default) per broker.
        c.put("log.cleaner.dedupe.buffer.size", String.valueOf(16L * 1024 * 1024));

        c.putAll(options.extraConfig());
        Properties props = new Properties();
        props.putAll(c);
        return props;
    }

    /**
     * Formats the log directory for a one-voter dynamic quorum. StorageTool.execute returns its
     * exit code instead of exiting (unlike its main); its argument parser still exits on bad
     * arguments, so the arguments here are fixed.
     */
    public static void format(Path configFile) {
        String[] args = {
            "format",
            "--config", configFile.toAbsolutePath().toString(),
            "--cluster-id", Uuid.randomUuid().toString(),
            "--standalone",
        };
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("formatting Kafka storage failed: " + e.getMessage()
                    + "\n" + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage failed with exit code " + exitCode
                    + ":\n" + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * For a broker in a process of its own ({@code kafka.Kafka DIR/server.properties}): writes this
     * class's configuration to {@code dir/server.properties}, with the data in {@code dir/kraft-logs},
     * and formats that storage.
     *
     * @return the configuration file
     */
    public static Path writeServerProperties(BrokerOptions options, Path dir, int brokerPort, int controllerPort) throws IOException {
        Properties props = brokerConfig(options, dir.resolve("kraft-logs"), brokerPort, controllerPort);
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "moodstream single-node broker (EmbeddedKafkaBroker.brokerConfig)");
        }
        format(config);
        return config;
    }

    /** Distinct free ports; all are held open until every one is chosen so none repeats. */
    public static int[] freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName(LOOPBACK);
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The probe socket is gone either way.
                }
            }
        }
    }

    private static boolean isPortClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server, Throwable cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException | Error e) {
            cause.addSuppressed(e);
        }
    }

    private static void writeProperties(Properties props, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "written by moodstream EmbeddedKafkaBroker; rewritten on every start");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Kafka's own recursive delete (a missing folder is fine), with the checked exception made unchecked. */
    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void deleteQuietly(Path dir, Throwable cause) {
        try {
            deleteRecursively(dir);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
