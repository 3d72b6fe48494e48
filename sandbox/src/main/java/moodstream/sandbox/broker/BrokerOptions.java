package moodstream.sandbox.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link EmbeddedKafkaBroker}.
 *
 * @param dataDir              where the broker keeps its logs and config; when absent a temporary
 *                             directory is used and deleted on close
 * @param numPartitionsDefault {@code num.partitions} for topics created without a count
 * @param maxMessageBytes      largest record batch the broker accepts (images travel through it)
 * @param extraConfig          broker properties applied last, overriding everything else
 */
public record BrokerOptions(
        Optional<Path> dataDir, int numPartitionsDefault, long maxMessageBytes, Map<String, String> extraConfig) {

    /** 16 MiB: room for a large image plus record overhead. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 16L * 1024 * 1024;

    public BrokerOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(extraConfig, "extraConfig");
        if (numPartitionsDefault < 1) {
            throw new IllegalArgumentException("numPartitionsDefault must be >= 1, was " + numPartitionsDefault);
        }
        // The broker config is an int; reject what it would reject, but here with a clear message.
        if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("maxMessageBytes out of range: " + maxMessageBytes);
        }
        extraConfig = Map.copyOf(extraConfig);
    }

    public static BrokerOptions defaults() {
        return new BrokerOptions(Optional.empty(), 1, DEFAULT_MAX_MESSAGE_BYTES, Map.of());
    }

    public BrokerOptions withDataDir(Path dir) {
        return new BrokerOptions(Optional.of(dir), numPartitionsDefault, maxMessageBytes, extraConfig);
    }

    public BrokerOptions withNumPartitionsDefault(int partitions) {
        return new BrokerOptions(dataDir, partitions, maxMessageBytes, extraConfig);
    }

    public BrokerOptions withMaxMessageBytes(long bytes) {
        return new BrokerOptions(dataDir, numPartitionsDefault, bytes, extraConfig);
    }

    public BrokerOptions withExtraConfig(Map<String, String> config) {
        return new BrokerOptions(dataDir, numPartitionsDefault, maxMessageBytes, config);
    }
}
