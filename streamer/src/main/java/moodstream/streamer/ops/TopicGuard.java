package moodstream.streamer.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure the topics exist before the stream starts: Kafka Streams would otherwise wait
 * or fail with a message that does not say which topic is missing.
 */
public final class TopicGuard {
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
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>(topics.stream().filter(t -> !existing.contains(t)).toList());
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
            throw new IllegalStateException("cannot reach Kafka at " + adminProps.get("bootstrap.servers") + " to check topics: "
                    + (e.getCause() != null ? e.getCause() : e) + "; check --bootstrap-servers and the security settings", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
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
}
