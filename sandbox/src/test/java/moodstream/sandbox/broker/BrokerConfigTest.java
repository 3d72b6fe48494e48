package moodstream.sandbox.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The single-node broker's settings that exactly-once through a broker crash depends on. */
class BrokerConfigTest {
    @Test
    void theCoordinatorFirstLooksForTimedOutTransactionsAfterTheRestartsFencingWindow() {
        Properties c = EmbeddedKafkaBroker.brokerConfig(BrokerOptions.defaults(), Path.of("logs"), 9092, 9093);
        long session = Long.parseLong(c.getProperty(EmbeddedKafkaBroker.BROKER_SESSION_TIMEOUT_MS));
        long interval = Long.parseLong(c.getProperty(EmbeddedKafkaBroker.TRANSACTION_ABORT_INTERVAL_MS));
        long heartbeat = Long.parseLong(c.getProperty("broker.heartbeat.interval.ms"));
        // See the comment in brokerConfig: an abort inside the window loses its markers.
        assertThat(interval).as("abort check interval against the broker session timeout").isGreaterThan(session);
        assertThat(heartbeat).as("heartbeats well inside the session").isLessThanOrEqualTo(session / 3);
    }
}
