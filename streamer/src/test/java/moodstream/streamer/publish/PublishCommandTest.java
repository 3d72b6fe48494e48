package moodstream.streamer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import moodstream.core.testing.TestImages;
import moodstream.streamer.StreamerCli;
import moodstream.streamer.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Everything publish decides before it sends: no broker needed (none is reachable at 127.0.0.1:1). */
class PublishCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StreamerCli.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path image() throws IOException {
        return Files.write(dir.resolve("one.png"), TestImages.png(TestImages.noise(32, 32, 1)));
    }

    @Test
    void imageSizedProducerDefaults() {
        Properties p = ImagePublisher.producerProperties("broker:9092", Map.of());
        assertThat(p).containsEntry("bootstrap.servers", "broker:9092").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true").containsEntry("compression.type", "none")
                .containsEntry("max.request.size", Integer.toString(16 * 1024 * 1024))
                .containsEntry("buffer.memory", Long.toString(64L * 1024 * 1024));
        assertThat(ImagePublisher.maxRequestBytes(p)).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void overridesWinAndTheBufferGrowsWithTheRequestSize() {
        Properties p = ImagePublisher.producerProperties("broker:9092",
                Map.of("max.request.size", "67108864", "acks", "1", "compression.type", "lz4", "security.protocol", "SSL"));
        assertThat(p).containsEntry("max.request.size", "67108864").containsEntry("acks", "1")
                .containsEntry("compression.type", "lz4").containsEntry("security.protocol", "SSL")
                .containsEntry("buffer.memory", Long.toString(2 * 67108864L));
        assertThat(ImagePublisher.producerProperties("b:1", Map.of("buffer.memory", "1000"))).containsEntry("buffer.memory", "1000");
    }

    @Test
    void aSendGivesUpAfterOneMinuteUnlessTheRequestTimeoutNeedsMore() {
        assertThat(ImagePublisher.producerProperties("b:1", Map.of())).containsEntry("delivery.timeout.ms", "60000");
        // Kafka refuses a delivery timeout below linger.ms + request.timeout.ms: a longer request timeout raises it.
        assertThat(ImagePublisher.producerProperties("b:1", Map.of("request.timeout.ms", "90000", "linger.ms", "20")))
                .containsEntry("delivery.timeout.ms", "90020");
        Properties explicit = ImagePublisher.producerProperties("b:1", Map.of("delivery.timeout.ms", "5000"));
        assertThat(explicit).containsEntry("delivery.timeout.ms", "5000");
        assertThat(ImagePublisher.deliveryTimeoutMs(explicit)).isEqualTo(5000);
    }

    @Test
    void kafkaSettingsComeFromFlagsEnvironmentAndFileLikeStream() throws IOException {
        Path file = Files.writeString(dir.resolve("moodstream.properties"), String.join("\n",
                "bootstrap-servers=file:9092", "input-topic=file-images",
                "kafka.linger.ms=5", "kafka.commit.interval.ms=100", "kafka.security.protocol=SSL"));
        Map<String, String> env = Map.of("MOODSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        String[] args = {"--config", file.toString(), "--kafka", "linger.ms=20", "x.png"};
        ConfigSources sources = ConfigSources.load(args, env);
        PublishCommand cmd = new PublishCommand();
        cmd.useSources(sources);
        new CommandLine(cmd).setDefaultValueProvider(sources).parseArgs(args);
        assertThat(cmd.topic).isEqualTo("file-images"); // shared with stream's --input-topic
        Properties p = cmd.producerProperties();
        assertThat(p).containsEntry("bootstrap.servers", "file:9092").containsEntry("linger.ms", "20")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("commit.interval.ms"); // a Streams setting in a shared file is not the producer's
    }

    @Test
    void badOptionsAreUserErrorsBeforeAnythingIsSent() throws IOException {
        String png = image().toString();
        Result repeat = run(Map.of(), "publish", "--bootstrap-servers", "127.0.0.1:1", "--repeat", "0", png);
        assertThat(repeat.code()).isEqualTo(2);
        assertThat(repeat.err()).contains("--repeat must be at least 1");
        assertThat(run(Map.of(), "publish", "--rate", "-1", png).err()).contains("--rate must be");
        assertThat(run(Map.of(), "publish", "--count", "0", png).err()).contains("--count must be at least 1");
        Result none = run(Map.of(), "publish");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("PATH");
        Result missing = run(Map.of(), "publish", dir.resolve("gone").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder").contains("gone");
    }

    @Test
    void onlySkippedFilesIsNothingToSend() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "hello", StandardCharsets.UTF_8);
        Files.write(dir.resolve("b.jpg"), new byte[0]);
        Result r = run(Map.of(), "publish", "--bootstrap-servers", "127.0.0.1:1", dir.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("skipped " + dir.resolve("a.txt")).contains("not an image")
                .contains("skipped " + dir.resolve("b.jpg")).contains("empty file").contains("nothing to send").contains("--force");
    }

    @Test
    void aFileLargerThanMaxRequestSizeIsNamedWithTheSetting() throws IOException {
        Path png = image();
        Result r = run(Map.of(), "publish", "--bootstrap-servers", "127.0.0.1:1", "--kafka", "max.request.size=500", png.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(png.toString()).contains("max.request.size").contains("500");
    }

    @Test
    void anUnreachableBrokerIsNamedWithinTheApiTimeout() throws IOException {
        long start = System.nanoTime();
        Result r = run(Map.of(), "publish", "--bootstrap-servers", "127.0.0.1:1", "--kafka", "default.api.timeout.ms=1500",
                image().toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach Kafka at 127.0.0.1:1").contains("--bootstrap-servers");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
    }

    @Test
    void contentTypeFromTheBytes() throws IOException {
        Path jpegNamedPng = Files.write(dir.resolve("x.png"), TestImages.jpeg(TestImages.solid(8, 8, Color.BLUE)));
        assertThat(ImageFiles.expand(java.util.List.of(jpegNamedPng.toString())).get(0).contentType()).isEqualTo("image/jpeg");
    }
}
