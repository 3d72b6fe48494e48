package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.labeling.OutputLimits;
import moodstream.streamer.labeling.Topics;
import moodstream.streamer.ops.MessageSizeCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The sizes that must agree are read from a real broker's topic configs, and what disagrees is named with what to set. */
class MessageSizeCheckIT {
    private static Properties streams(int maxRequestSize) {
        Properties p = new Properties();
        p.put("producer.max.request.size", maxRequestSize);
        return p;
    }

    @Test
    void limitsComeFromTheTopicsAndDisagreementsSayWhatToSet() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(
                    topic("in", 16_777_216), topic("out", 1_048_576), topic("dlq", 2_000_000),
                    topic("tiny-out", 10_000), topic("tiny-dlq", 50_000))).all().get(30, TimeUnit.SECONDS);
            Properties adminProps = new Properties();
            adminProps.put("bootstrap.servers", broker.bootstrapServers());

            MessageSizeCheck.Result result = MessageSizeCheck.check(adminProps, streams(12_000_000), new Topics("in", "out", "dlq"),
                    10_485_760);
            assertThat(result.limits()).isEqualTo(new OutputLimits(1_048_576, 2_000_000));
            assertThat(result.warnings()).singleElement().asString()
                    .contains("dead letters of larger records are written without their value")
                    .contains("max.message.bytes of 'dlq'").contains("at least " + (16_777_216 + OutputLimits.VALUELESS_DEAD_LETTER_NEED));

            // The producer is the smaller limit: it is the one named.
            MessageSizeCheck.Result byProducer = MessageSizeCheck.check(adminProps, streams(1_500_000), new Topics("in", "out", "dlq"),
                    20_000_000);
            assertThat(byProducer.limits().deadLetterRecordMax()).isEqualTo(1_500_000);
            assertThat(byProducer.warnings()).hasSize(2);
            assertThat(byProducer.warnings().get(0)).contains("the producer's max.request.size is 1,500,000");
            assertThat(byProducer.warnings().get(1)).contains("--max-bytes is 20,000,000").contains("takes records up to 16,777,216");

            assertThatThrownBy(() -> MessageSizeCheck.check(adminProps, streams(12_000_000), new Topics("in", "tiny-out", "tiny-dlq"),
                    10_485_760))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("max.message.bytes of topic 'tiny-out' is 10,000")
                    .hasMessageContaining("max.message.bytes of topic 'tiny-dlq' is 50,000")
                    .hasMessageContaining("to at least " + OutputLimits.LABEL_RECORD_NEED);
        }
    }

    private static NewTopic topic(String name, int maxMessageBytes) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
    }
}
