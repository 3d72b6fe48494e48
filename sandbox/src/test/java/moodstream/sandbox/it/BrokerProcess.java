package moodstream.sandbox.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import moodstream.sandbox.broker.BrokerOptions;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node KRaft broker in a JVM of its own ({@code kafka.Kafka server.properties}), with
 * the same configuration as {@link EmbeddedKafkaBroker}, so that a test can {@code kill -9} it
 * and start it again on the same ports and data.
 */
final class BrokerProcess implements AutoCloseable {
    /**
     * The broker's log, kept by a failing test: what the transaction coordinator and the partitions
     * did around a crash (markers sent, leaders changed, logs recovered) at INFO, the rest at WARN.
     */
    private static final String DIAGNOSTIC_LOGGING = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.coordinator.transaction" level="INFO"/>
              <logger name="org.apache.kafka.coordinator.transaction" level="INFO"/>
              <logger name="kafka.cluster.Partition" level="INFO"/>
              <logger name="kafka.server.ReplicaManager" level="INFO"/>
              <logger name="kafka.log" level="INFO"/>
              <logger name="org.apache.kafka.storage.internals.log" level="INFO"/>
              <logger name="state.change.logger" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Path dir;
    private final Path config;
    private final String bootstrap;
    private Process process;

    private BrokerProcess(Path dir, Path config, String bootstrap) {
        this.dir = dir;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    /** Formats storage in {@code dir} and starts the broker; returns once it answers. */
    static BrokerProcess start(Path dir, Map<String, String> extraConfig) throws Exception {
        int[] ports = EmbeddedKafkaBroker.freeLoopbackPorts(2);
        Path config = EmbeddedKafkaBroker.writeServerProperties(BrokerOptions.defaults().withExtraConfig(extraConfig), dir,
                ports[0], ports[1]);
        Files.writeString(dir.resolve("logback.xml"), DIAGNOSTIC_LOGGING);
        BrokerProcess broker = new BrokerProcess(dir, config, "127.0.0.1:" + ports[0]);
        broker.restart();
        return broker;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    /** Starts the broker (again) and waits until it answers admin requests. */
    void restart() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .start();
        awaitAnswering(Duration.ofSeconds(60));
    }

    /** Blocks until a metadata request succeeds. */
    void awaitAnswering(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + "; log:\n"
                        + Files.readString(dir.resolve("broker.log")));
            }
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                admin.listTopics().names().get(2, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not answer within " + timeout, e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Everything the broker process has logged, over all its starts. */
    String log() throws IOException {
        return Files.readString(dir.resolve("broker.log"));
    }

    /** SIGKILL: no shutdown of any kind, as a crash or an OOM killer would. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
