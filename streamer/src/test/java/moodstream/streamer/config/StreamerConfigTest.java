package moodstream.streamer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import moodstream.core.inference.ExecutionProvider;
import moodstream.streamer.StreamCommand;
import moodstream.streamer.StreamerCli;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamerConfigTest {
    @TempDir
    Path dir;

    private static StreamerConfig parse(Map<String, String> env, String... args) {
        ConfigSources sources = ConfigSources.load(args, env);
        StreamCommand cli = new StreamCommand();
        new CommandLine(cli).setDefaultValueProvider(sources).parseArgs(args);
        return ConfigAccess.config(cli, sources);
    }

    @Test
    void defaultsAreExactlyOnceWithImageSizedMessages() {
        StreamerConfig config = parse(Map.of());
        assertThat(config.exactlyOnce()).isTrue();
        assertThat(config.topics().input()).isEqualTo("images");
        assertThat(config.inference().provider()).isEqualTo(ExecutionProvider.AUTO);
        Properties props = StreamsProperties.from(config);
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        int request = (int) props.get("producer.max.request.size");
        assertThat(request).isGreaterThan((int) config.limits().maxBytes());
        assertThat((int) props.get("consumer.max.partition.fetch.bytes")).isEqualTo(request);
        assertThat((int) props.get("consumer.fetch.max.bytes")).isGreaterThanOrEqualTo(request);
    }

    @Test
    void theBuildersDefaultsAreTheStreamCommands() {
        StreamerConfig parsed = parse(Map.of());
        assertThat(StreamerConfig.builder(parsed.bootstrapServers(), parsed.model()).build()).isEqualTo(parsed);
        assertThat(parsed.limits()).isEqualTo(moodstream.core.image.ImageLimits.DEFAULT);
        assertThat(parsed.toBuilder().httpPort(-1).build().httpPort()).isEqualTo(-1);
        assertThat(parsed.toBuilder().build()).isEqualTo(parsed);
    }

    @Test
    void environmentVariablesReachTheSharedOptions() {
        StreamerConfig config = parse(Map.of("MOODSTREAM_PROVIDER", "cpu", "MOODSTREAM_MAX_BYTES", "1000", "MOODSTREAM_MODEL", "/m.onnx"));
        assertThat(config.inference().provider()).isEqualTo(ExecutionProvider.CPU);
        assertThat(config.limits().maxBytes()).isEqualTo(1000);
        assertThat(config.model()).isEqualTo(Path.of("/m.onnx"));
        assertThat(config.noFace()).as("the card decides unless told").isEmpty();
        assertThat(parse(Map.of("MOODSTREAM_NO_FACE", "dead-letter")).noFace()).hasValue("dead-letter");
        assertThat(parse(Map.of(), "--no-face", "whole-image").toBuilder().build().noFace()).hasValue("whole-image");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("streamer.properties"), String.join("\n",
                "bootstrap-servers=file:9092", "input-topic=file-images", "stream-threads=3",
                "kafka.security.protocol=SSL", "kafka.linger.ms=5"));
        Map<String, String> env = Map.of("MOODSTREAM_INPUT_TOPIC", "env-images", "MOODSTREAM_STREAM_THREADS", "2",
                "MOODSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        StreamerConfig config = parse(env, "--config", file.toString(), "--stream-threads", "1",
                "--kafka", "linger.ms=20", "--processing-guarantee", "at_least_once");
        assertThat(config.bootstrapServers()).isEqualTo("file:9092");      // file only
        assertThat(config.topics().input()).isEqualTo("env-images");       // env over file
        assertThat(config.streamThreads()).isEqualTo(1);                  // flag over env and file
        assertThat(config.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20");
        Properties props = StreamsProperties.from(config);
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
        assertThat(props.get("security.protocol")).isEqualTo("SASL_SSL");
    }

    @Test
    void badValuesAreUserErrorsWithAClearMessage() {
        assertThatThrownBy(() -> parse(Map.of(), "--processing-guarantee", "maybe_once"))
                .hasMessageContaining("maybe_once").hasMessageContaining("exactly_once_v2");
        assertThatThrownBy(() -> parse(Map.of(), "--output-topic", "images")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> ConfigSources.load(new String[] {"--config", dir.resolve("missing.properties").toString()}, Map.of()))
                .hasMessageContaining("missing.properties").hasMessageContaining("cannot be read");
    }

    @Test
    void aMissingModelEndsWithExitCodeTwoBeforeTouchingKafka() {
        int code = StreamerCli.run(Map.of(), "stream", "--model", dir.resolve("none.onnx").toString(), "--bootstrap-servers", "127.0.0.1:1");
        assertThat(code).isEqualTo(StreamerCli.USER_ERROR);
    }
}
