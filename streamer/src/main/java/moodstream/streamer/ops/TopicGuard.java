package moodstream.streamer.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure the topics exist before the stream starts: Kafka Streams would otherwise wait
 * or fail with a message that does not say which topic is missing. The tools ({@code publish},
 * {@code labels}) check their topics through {@link #missing} for the same reason.
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
        Properties props = new Properties();
        props.putAll(adminProps);
        if (props.containsKey(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                && !props.containsKey(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
            // Admin refuses an API timeout below the request timeout (30 s by default): a short one asks for short requests.
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, timeoutMs(props))));
        }
        try (Admin admin = Admin.create(props)) {
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
