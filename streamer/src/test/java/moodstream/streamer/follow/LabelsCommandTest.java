package moodstream.streamer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import moodstream.streamer.StreamerCli;
import moodstream.streamer.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What labels decides before it reads: no broker needed (none is reachable at 127.0.0.1:1). */
class LabelsCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StreamerCli.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void badOptionsAreUserErrors() {
        String[] from = run("labels", "--bootstrap-servers", "127.0.0.1:1", "--from", "yesterday");
        assertThat(from[0]).isEqualTo("2");
        assertThat(from[2]).contains("--from must be beginning or now");
        assertThat(run("labels", "--format", "xml")[2]).contains("--format must be table or json");
        assertThat(run("labels", "--max", "0")[2]).contains("--max must be at least 1");
        assertThat(run("labels", "--timeout", "forever")[2]).contains("--timeout must be");
        assertThat(StartFrom.parse("Beginning")).isEqualTo(StartFrom.BEGINNING);
    }

    @Test
    void anUnreachableBrokerIsNamed() {
        String[] r = run("labels", "--bootstrap-servers", "127.0.0.1:1", "--kafka", "default.api.timeout.ms=1500");
        assertThat(r[0]).as(r[2]).isEqualTo("2");
        assertThat(r[2]).contains("cannot reach Kafka at 127.0.0.1:1");
        assertThat(r[1]).isEmpty();
    }

    @Test
    void kafkaSettingsComeFromFlagsEnvironmentAndFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("m.properties"), String.join("\n",
                "output-topic=file-labels", "kafka.max.poll.records=7", "kafka.linger.ms=5", "kafka.security.protocol=SSL"));
        String[] args = {"--config", file.toString(), "--kafka", "security.protocol=SASL_SSL", "--group", "g"};
        ConfigSources sources = ConfigSources.load(args, Map.of("MOODSTREAM_KAFKA_CLIENT_RACK", "eu-1"));
        LabelsCommand cmd = new LabelsCommand();
        cmd.useSources(sources);
        new CommandLine(cmd).setDefaultValueProvider(sources).parseArgs(args);
        assertThat(cmd.topic).isEqualTo("file-labels"); // shared with stream's --output-topic
        Properties p = cmd.consumerProperties();
        assertThat(p).containsEntry("max.poll.records", "7").containsEntry("client.rack", "eu-1")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("group.id", "g")
                .doesNotContainKey("linger.ms"); // a producer setting in a shared file is not the consumer's
    }
}
