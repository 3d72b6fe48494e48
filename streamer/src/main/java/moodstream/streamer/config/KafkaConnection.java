package moodstream.streamer.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to Kafka shares ({@code stream}, {@code publish},
 * {@code labels}), as a picocli mixin: where the brokers are, and Kafka properties passed through
 * from {@code --kafka} flags, {@code MOODSTREAM_KAFKA_*} variables and {@code kafka.*} keys of the
 * {@code --config} file, flags winning.
 */
public final class KafkaConnection implements ConfigSourcesAware {
    // Read by ConfigSources before parsing (it supplies the defaults); declared here so that it parses and --help lists it.
    @Option(names = "--config", description = "A properties file of settings (flag names without dashes; kafka.* keys pass to Kafka).")
    Path config;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "Any Kafka client (or, for stream, Kafka Streams) property; repeatable, e.g. security.protocol=SASL_SSL.")
    Map<String, String> flags = new LinkedHashMap<>();

    private ConfigSources sources = new ConfigSources(Map.of(), new Properties());

    @Override
    public void useSources(ConfigSources sources) {
        this.sources = sources;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** For one client (a producer, a consumer): the environment's and file's keys it knows, then every {@code --kafka} flag. */
    public Map<String, String> properties(Set<String> known) {
        return sources.kafkaProperties(flags, known);
    }

    /** For Kafka Streams, whose prefixed keys no single client knows: everything from environment and file, then the flags. */
    public Map<String, String> allProperties() {
        Map<String, String> all = new LinkedHashMap<>(sources.kafkaProperties());
        all.putAll(flags);
        return all;
    }
}
