package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import moodstream.core.image.PreprocessingSpec;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.streamer.StreamerCli;
import moodstream.streamer.config.StreamerConfig;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --create-topics a missing topic is named and nothing starts; with it, they are created with the partition count. */
class MissingTopicsIT {
    @Test
    void missingTopicsAreNamedOrCreated(@TempDir Path dir) throws Exception {
        Path model = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad")));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of("images", 2));
            StreamerConfig base = KafkaTestClients.config(broker.bootstrapServers(), "topics-it", model, 1);
            StreamerConfig noCreate = base.toBuilder().httpPort(-1).createTopics(false).partitions(3).build();
            assertThatThrownBy(() -> StreamerApp.start(noCreate))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[labels, images.dlq, labels.stats]").hasMessageContaining("--create-topics");

            int code = StreamerCli.run(Map.of(), "stream", "--bootstrap-servers", broker.bootstrapServers(),
                    "--model", model.toString(), "--http-port", "-1");
            assertThat(code).isEqualTo(StreamerCli.USER_ERROR);

            StreamerConfig create = base.toBuilder().httpPort(-1).createTopics(true).partitions(3).build();
            try (StreamerApp app = StreamerApp.start(create)) {
                Properties p = new Properties();
                p.put("bootstrap.servers", broker.bootstrapServers());
                try (Admin admin = Admin.create(p)) {
                    var topics = admin.describeTopics(List.of("images", "labels", "images.dlq")).allTopicNames().get();
                    assertThat(topics.get("images").partitions()).hasSize(2); // existing: untouched
                    assertThat(topics.get("labels").partitions()).hasSize(3);
                    assertThat(topics.get("images.dlq").partitions()).hasSize(3);
                }
            }
        }
    }
}
