package moodstream.streamer.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure the topics exist, and can be written, before the stream starts: Kafka Streams would
 * otherwise wait or fail with a message that does not say which topic is missing. The tools
 * ({@code publish}, {@code labels}) check their topics through {@link #missing} for the same reason.
 *
 * <p>"Can be written" is {@link #awaitLeaders}: a just-created partition is in the broker's
 * metadata (so clients and {@code describeTopics} already see its leader) a moment before the
 * broker's replica manager has made itself leader of it; a produce request in that moment fails
 * with {@code NOT_LEADER_OR_FOLLOWER}. For an idempotent producer with several batches in flight
 * that first failure is not harmless: the next batch is accepted as the partition's first
 * (the broker takes any sequence from a producer it has no state for, KAFKA-14359), and the
 * failed batch is then refused with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} on every retry until
 * {@code delivery.timeout.ms} expires it. docs/streaming.md has the trace.
 */
public final class TopicGuard {
    /** How long a topic check waits for Kafka unless {@code default.api.timeout.ms} says otherwise. */
    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private TopicGuard() {
    }

    /**
     * @param adminProps  client properties (bootstrap servers, security)
     * @param topics      the topics the app needs
     * @param create      create missing ones instead of failing
     * @param partitions  partitions for created topics
     * @return the topics it created
     */
    public static List<String> ensure(Properties adminProps, List<String> topics, boolean create, int partitions) {
        try (Admin admin = Admin.create(adminProps)) {
            List<String> missing = missing(admin, adminProps, topics);
            if (missing.isEmpty()) {
                return List.of();
            }
            if (!create) {
                throw new IllegalStateException("topic(s) " + missing + " do not exist on " + adminProps.get("bootstrap.servers")
                        + "; create them (e.g. kafka-topics.sh --create --topic " + missing.get(0) + " --partitions 4)"
                        + " or start with --create-topics --partitions N");
            }
            List<NewTopic> newTopics = missing.stream().map(t -> new NewTopic(t, partitions, (short) -1)).toList();
            try {
                admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another instance creating them at the same moment is fine
                }
            }
            awaitLeaders(admin, missing, Duration.ofMillis(timeoutMs(adminProps)));
            return missing;
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(adminProps, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }

    /**
     * The topics of {@code topics} that do not exist, in their order. Waits for Kafka at most
     * {@code default.api.timeout.ms} from {@code adminProps} (30 s if unset).
     *
     * @throws IllegalStateException when Kafka cannot be reached in that time, naming the bootstrap servers
     */
    public static List<String> missing(Properties adminProps, Collection<String> topics) {
        try (Admin admin = Admin.create(withRequestTimeout(adminProps))) {
            return missing(admin, adminProps, topics);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(adminProps, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }

    private static List<String> missing(Admin admin, Properties adminProps, Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        long timeoutMs = timeoutMs(adminProps);
        // The call's own timeout too, or closing the admin would wait for it to give up by itself.
        Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeoutMs)))
                .names().get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        return new ArrayList<>(topics.stream().filter(t -> !existing.contains(t)).distinct().toList());
    }

    /**
     * As {@link #awaitLeaders(Admin, Collection, Duration)}, with an admin client of its own and
     * {@code default.api.timeout.ms} from {@code adminProps} (30 s if unset) as the time limit.
     */
    public static Map<String, Integer> awaitLeaders(Properties adminProps, Collection<String> topics) {
        try (Admin admin = Admin.create(withRequestTimeout(adminProps))) {
            return awaitLeaders(admin, topics, Duration.ofMillis(timeoutMs(adminProps)));
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader that answers as leader, so that
     * the first produce request to each is not refused. The broker's metadata alone is not enough
     * (it names the leader before the leader is ready, see above); a {@code ListOffsets} request is
     * served only by a partition's ready leader, and the admin client retries it while the
     * answer is {@code NOT_LEADER_OR_FOLLOWER}.
     *
     * @return the number of partitions of each topic, in the order given
     * @throws IllegalStateException when that takes longer than {@code timeout}: the topics named,
     *                               with the last problem seen and what to check
     */
    public static Map<String, Integer> awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) {
        List<String> distinct = topics.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Map.of();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer from Kafka";
        while (true) {
            long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                // Right after creation the metadata can lag the controller: the topic may be unknown for a moment.
                Map<String, TopicDescription> described = admin.describeTopics(distinct).allTopicNames()
                        .get(leftMs, TimeUnit.MILLISECONDS);
                Map<String, Integer> partitions = new LinkedHashMap<>();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                List<String> leaderless = new ArrayList<>();
                for (String topic : distinct) {
                    TopicDescription description = described.get(topic);
                    partitions.put(topic, description.partitions().size());
                    description.partitions().forEach(p -> {
                        if (p.leader() == null || p.leader().isEmpty()) {
                            leaderless.add(topic + "-" + p.partition());
                        }
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    });
                }
                if (leaderless.isEmpty()) {
                    int requestMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(requestMs)).all()
                            .get(requestMs + 1_000L, TimeUnit.MILLISECONDS);
                    return partitions;
                }
                lastProblem = "no leader for " + leaderless;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("cannot check the partition leaders of " + distinct + ": " + e.getCause(), e.getCause());
                }
                lastProblem = String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                lastProblem = "no answer within " + seconds(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the partition leaders of " + distinct, e);
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("topic(s) " + distinct + " have a partition without a ready leader after "
                        + seconds(timeout.toMillis()) + " (" + lastProblem + "); check that the brokers are up and see"
                        + " kafka-topics.sh --describe --topic " + distinct.get(0) + ", or wait and try again");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the partition leaders of " + distinct, e);
            }
        }
    }

    private static Properties withRequestTimeout(Properties adminProps) {
        Properties props = new Properties();
        props.putAll(adminProps);
        if (props.containsKey(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                && !props.containsKey(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
            // Admin refuses an API timeout below the request timeout (30 s by default): a short one asks for short requests.
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, timeoutMs(props))));
        }
        return props;
    }

    private static IllegalStateException unreachable(Properties adminProps, Exception e) {
        return new IllegalStateException("cannot reach Kafka at " + adminProps.get("bootstrap.servers") + " within "
                + seconds(timeoutMs(adminProps)) + " to check topics: " + (e.getCause() != null ? e.getCause() : e)
                + "; check --bootstrap-servers and the security settings", e);
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static long timeoutMs(Properties adminProps) {
        Object value = adminProps.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        if (value == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("default.api.timeout.ms must be a number of milliseconds, got '" + value + "'", e);
        }
    }

    /** Client-level properties (no "producer."/"consumer." prefixes) for the admin client. */
    public static Properties adminProperties(String bootstrapServers, Map<String, String> passthrough) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        passthrough.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.") || k.equals("client.dns.lookup")) {
                props.put(k, v);
            }
        });
        return props;
    }

    /**
     * The settings of a producer's or consumer's properties that an admin client understands
     * (bootstrap servers, security, timeouts), for checking topics with the same connection.
     * The client id is left out, so the two clients do not clash in JMX.
     */
    public static Properties adminProperties(Properties clientProperties) {
        Set<String> known = AdminClientConfig.configNames();
        Properties props = new Properties();
        for (String key : clientProperties.stringPropertyNames()) {
            if (known.contains(key) && !key.equals(AdminClientConfig.CLIENT_ID_CONFIG)) {
                props.put(key, clientProperties.getProperty(key));
            }
        }
        // stringPropertyNames skips non-string values (Integer defaults); copy those too.
        clientProperties.forEach((k, v) -> {
            if (k instanceof String key && known.contains(key) && !key.equals(AdminClientConfig.CLIENT_ID_CONFIG)) {
                props.put(key, v);
            }
        });
        return props;
    }
}
