package moodstream.sandbox.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moodstream-sandbox broker-config}: writes the embedded broker's single-node configuration
 * as a {@code server.properties} and formats its storage, so that {@code bench/kafka-broker.sh} can
 * run Kafka's own {@code kafka.Kafka} on it in a process of its own: the broker users run, with
 * the settings every test here runs.
 */
@Command(name = "broker-config", mixinStandardHelpOptions = true,
        description = {"Write DIR/server.properties for a single-node KRaft broker on 127.0.0.1 (the embedded broker's settings)",
                "and format DIR/kraft-logs; then run: java -cp 'sandbox/target/moodstream-sandbox.jar:sandbox/target/lib/*'"
                        + " kafka.Kafka DIR/server.properties"})
public final class BrokerConfigCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "An empty or missing folder for the configuration and the broker's data.")
    Path dir;

    @Option(names = "--port", defaultValue = "9092", description = "Client port; the controller listens on the next one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("--port must be from 1 to 65534 (the controller takes the next port), got " + port);
        }
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--dir " + dir + " is not empty; give a new folder (a formatted broker keeps its"
                        + " cluster id, so a second format would not match it)");
            }
        }
        Path config = EmbeddedKafkaBroker.writeServerProperties(BrokerOptions.defaults(), dir, port, port + 1);
        System.out.println(config.toAbsolutePath());
        return 0;
    }
}
