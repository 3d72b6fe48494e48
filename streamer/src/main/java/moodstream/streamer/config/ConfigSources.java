package moodstream.streamer.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where settings come from below the command line: environment variables
 * ({@code --stream-threads} is {@code MOODSTREAM_STREAM_THREADS}), then an optional
 * properties file ({@code stream-threads=2}). Flags beat the environment, which beats the
 * file, which beats the built-in defaults. Kafka properties pass through the same way:
 * {@code --kafka security.protocol=SSL}, {@code MOODSTREAM_KAFKA_SECURITY_PROTOCOL=SSL},
 * or {@code kafka.security.protocol=SSL} in the file.
 */
public final class ConfigSources implements CommandLine.IDefaultValueProvider {
    public static final String ENV_PREFIX = "MOODSTREAM_";
    private static final String ENV_KAFKA_PREFIX = ENV_PREFIX + "KAFKA_";
    private static final String FILE_KAFKA_PREFIX = "kafka.";

    private final Map<String, String> env;
    private final Properties file;

    public ConfigSources(Map<String, String> env, Properties file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** The file named by {@code --config FILE} in {@code args}, or by MOODSTREAM_CONFIG, if any. */
    public static ConfigSources load(String[] args, Map<String, String> env) {
        Optional<Path> path = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = Optional.of(Path.of(args[i + 1]));
            } else if (args[i].startsWith("--config=")) {
                path = Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        if (path.isEmpty() && env.containsKey(ENV_PREFIX + "CONFIG")) {
            path = Optional.of(Path.of(env.get(ENV_PREFIX + "CONFIG")));
        }
        Properties props = new Properties();
        if (path.isPresent()) {
            try (Reader reader = Files.newBufferedReader(path.get())) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("configuration file " + path.get().toAbsolutePath() + " cannot be read ("
                        + e + "); fix the path given to --config or MOODSTREAM_CONFIG", e);
            }
        }
        return new ConfigSources(env, props);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.longestName().equals("--config")) {
            return null;
        }
        String name = option.longestName().replaceFirst("^-+", "");
        String fromEnv = env.get(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnv != null) {
            return fromEnv;
        }
        String fromFile = file.getProperty(name);
        return fromFile != null ? fromFile : option.defaultValue();
    }

    /**
     * Kafka properties from the file and the environment with {@code flags} (the {@code --kafka}
     * options) on top, keeping from the file and environment only the keys {@code known} accepts:
     * one file can then serve {@code stream} (Streams keys) and the producer or consumer of the
     * tools without Kafka warning about keys it does not use. Flags always pass, typos included,
     * so that Kafka names them.
     */
    public Map<String, String> kafkaProperties(Map<String, String> flags, Set<String> known) {
        Map<String, String> kafka = new LinkedHashMap<>();
        kafkaProperties().forEach((key, value) -> {
            if (known.contains(key)) {
                kafka.put(key, value);
            }
        });
        kafka.putAll(flags);
        return kafka;
    }

    /** Kafka properties from the file, overridden by the environment; flags are merged on top by the caller. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> kafka = new LinkedHashMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith(FILE_KAFKA_PREFIX)) {
                kafka.put(key.substring(FILE_KAFKA_PREFIX.length()), file.getProperty(key));
            }
        }
        env.forEach((key, value) -> {
            if (key.startsWith(ENV_KAFKA_PREFIX)) {
                kafka.put(key.substring(ENV_KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return kafka;
    }
}
