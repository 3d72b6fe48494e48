package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import moodstream.core.image.PreprocessingSpec;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.sandbox.it.BadInputCorpus.Entry;
import moodstream.sandbox.it.BadInputCorpus.Expected;
import moodstream.streamer.labeling.DeadLetterHeaders;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus (issue 8) through a real broker and the packaged streamer in its own JVM
 * ({@code -Xmx2g}, as users run it): every kind in {@link BadInputCorpus} comes out as its row
 * says, each is followed by a valid image that must still be labelled, every record comes out
 * exactly once across labels and dead letters (read_committed), the streamer is still RUNNING
 * at the end, and its peak RSS stays under 1 GB. One dynamic test per row, so a report names
 * exactly the kinds that fail.
 */
class BadInputCorpusIT {
    private static final String INPUT = "images";
    private static final String LABELS = "labels";
    private static final String DEAD_LETTERS = "images.dlq";
    private static final int PARTITIONS = 4;
    private static final long RSS_BUDGET_BYTES = 1_000_000_000L;

    // The contract's dead-letter headers for a value that did not fit (docs/messages.md, issue 8).
    private static final String ORIGINAL_BYTES = "moodstream.original.bytes";
    private static final String ORIGINAL_SHA256 = "moodstream.original.sha256";
    private static final String VALUE_OMITTED = "moodstream.value.omitted";
    private static final List<String> ERROR_HEADERS = List.of(DeadLetterHeaders.ERROR_CODE, DeadLetterHeaders.ERROR_MESSAGE,
            DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET,
            DeadLetterHeaders.FAILED_AT);
    private static final Set<String> OURS = Stream.concat(ERROR_HEADERS.stream(),
            Stream.of(ORIGINAL_BYTES, ORIGINAL_SHA256, VALUE_OMITTED)).collect(Collectors.toSet());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record the test sent: a corpus row, or the valid image that follows it ({@code entry} null). */
    private record Sent(String name, Entry entry, byte[] key, byte[] value, List<Header> headers, Expected expected,
                        int partition, long offset) {
    }

    /** One record read back, with the source partition and offset it names (label JSON or dead-letter headers). */
    private record Out(String topic, byte[] key, byte[] value, Headers headers, JsonNode label, int partition, long offset) {
    }

    @TestFactory
    Stream<DynamicTest> everyKindComesOutAsItsRowSays(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        List<Entry> corpus = BadInputCorpus.entries();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        assertThat(corpus.stream().map(Entry::name).distinct().count()).as("row names are unique").isEqualTo(corpus.size());
        Path model = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));

        List<Sent> sent = new ArrayList<>();
        List<Out> unidentified = new ArrayList<>();
        Map<Long, List<Out>> bySource = new HashMap<>();
        Path log = dir.resolve("streamer.log");
        String endState;
        boolean aliveAtEnd;
        long peakRss;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of(INPUT, PARTITIONS, LABELS, PARTITIONS, DEAD_LETTERS, PARTITIONS, "labels.stats", 1));
            // -Xmx2g: the launcher's heap, the one the memory budget is stated for.
            StreamerProcess app = StreamerProcess.start(log, "-Xmx2g", broker.bootstrapServers(), model,
                    "--application-id", "corpus-it", "--stream-threads", "2",
                    "--kafka", "state.dir=" + dir.resolve("state"), "--kafka", "commit.interval.ms=100");
            Process streamer = app.process();
            try (PeakRss rss = PeakRss.watch(streamer.pid());
                 KafkaProducer<byte[], byte[]> producer = ByteKeyClients.producer(broker.bootstrapServers());
                 KafkaConsumer<byte[], byte[]> reader = ByteKeyClients.readCommitted(broker.bootstrapServers(),
                         List.of(LABELS, DEAD_LETTERS))) {
                awaitReady(app, log);
                // Rows within the byte limit go first, all together; then each over-limit row alone,
                // once everything before it has come out: a streamer that cannot write such a dead
                // letter fails, and its aborted transactions would take other rows' outputs with them,
                // hiding what those rows did.
                List<List<Integer>> batches = new ArrayList<>(List.of(new ArrayList<>()));
                for (int i = 0; i < corpus.size(); i++) {
                    byte[] value = corpus.get(i).value();
                    if (value != null && value.length > BadInputCorpus.MAX_BYTES) {
                        batches.add(List.of(i));
                    } else {
                        batches.get(0).add(i);
                    }
                }
                for (List<Integer> batch : batches) {
                    for (int i : batch) {
                        Entry e = corpus.get(i);
                        // The row and its follower share a partition, so the follower is processed after it.
                        int partition = i % PARTITIONS;
                        sent.add(send(producer, e.name(), e, e.key(), e.value(), e.headers(), e.expected(), partition));
                        String after = "after/" + e.name();
                        sent.add(send(producer, after, null, after.getBytes(StandardCharsets.UTF_8), BadInputCorpus.validImage(i),
                                List.of(), Expected.label("jpeg"), partition));
                    }
                    read(reader, streamer, sent.size(), Duration.ofSeconds(batch.size() > 1 ? 90 : 20), bySource, unidentified);
                }
                // Late duplicates would show up here.
                read(reader, streamer, Integer.MAX_VALUE, Duration.ofSeconds(2), bySource, unidentified);
                aliveAtEnd = streamer.isAlive();
                endState = aliveAtEnd ? health(app) : "process exited with " + streamer.exitValue();
                peakRss = rss.peakBytes();
            } finally {
                streamer.destroy();
                if (!streamer.waitFor(30, TimeUnit.SECONDS)) {
                    streamer.destroyForcibly();
                }
            }
        }
        String logTail = tail(log, 60);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<DynamicTest> tests = new ArrayList<>();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%nbad-input corpus: %d kinds, %d records, %.1f s, "
                + "streamer peak RSS %,d MiB, end state %s%n", corpus.size(), sent.size(), seconds, peakRss >> 20, endState));
        for (int i = 0; i < sent.size(); i += 2) {
            Sent row = sent.get(i);
            Sent follower = sent.get(i + 1);
            List<String> problems = new ArrayList<>();
            check(row, bySource.getOrDefault(source(row), List.of()), row.entry().oddKey(), problems);
            List<String> followerProblems = new ArrayList<>();
            check(follower, bySource.getOrDefault(source(follower), List.of()), false, followerProblems);
            followerProblems.forEach(p -> problems.add("the valid image after it: " + p));
            report.append(String.format(Locale.ROOT, "  %-4s %-28s expected %-40s got %s%n", problems.isEmpty() ? "ok" : "FAIL",
                    row.name(), row.expected(), describe(bySource.getOrDefault(source(row), List.of()))));
            problems.forEach(p -> report.append("         - ").append(p).append(System.lineSeparator()));
            tests.add(DynamicTest.dynamicTest(row.name() + ": " + row.expected(), () ->
                    assertThat(problems).as("%s (expected %s)", row.name(), row.expected()).isEmpty()));
        }
        System.out.println(report);

        tests.add(DynamicTest.dynamicTest("every record comes out exactly once across labels and dead letters", () -> {
            List<String> wrong = new ArrayList<>();
            for (Sent s : sent) {
                int n = bySource.getOrDefault(source(s), List.of()).size();
                if (n != 1) {
                    wrong.add(s.name() + " came out " + n + " times");
                }
            }
            unidentified.forEach(o -> wrong.add("an output on " + o.topic() + " names no input: " + describe(List.of(o))));
            assertThat(wrong).as("records of %d sent", sent.size()).isEmpty();
        }));
        tests.add(DynamicTest.dynamicTest("every label's id_encoding says how its id encodes the key", () -> {
            List<String> wrong = new ArrayList<>();
            for (Sent s : sent) {
                for (Out o : bySource.getOrDefault(source(s), List.of())) {
                    if (o.label() != null) {
                        checkIdEncoding(s.key(), o.label(), wrong, s.name());
                    }
                }
            }
            // Grouped, so that one missing field on every label reads as one line, not 140.
            Map<String, List<String>> byProblem = new TreeMap<>();
            for (String w : wrong) {
                int colon = w.indexOf(": ");
                byProblem.computeIfAbsent(w.substring(colon + 2), k -> new ArrayList<>()).add(w.substring(0, colon));
            }
            List<String> grouped = byProblem.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue().size() + " labels, e.g. "
                    + String.join(", ", e.getValue().subList(0, Math.min(3, e.getValue().size()))) + ")").toList();
            assertThat(grouped).as("labels whose id_encoding is wrong").isEmpty();
        }));
        tests.add(DynamicTest.dynamicTest("the streamer is still RUNNING after the corpus", () ->
                assertThat(endState).as("streamer state (/health); its log ends:%n%s", logTail).isEqualTo("RUNNING")));
        tests.add(DynamicTest.dynamicTest("the streamer's peak RSS stays under 1 GB (-Xmx2g)", () ->
                assertThat(peakRss).as("VmHWM of the streamer process, bytes").isBetween(1L, RSS_BUDGET_BYTES - 1)));
        return tests.stream();
    }

    // ---------------------------------------------------------------- checks

    private static void check(Sent s, List<Out> outs, boolean checkIdEncoding, List<String> problems) {
        if (outs.isEmpty()) {
            problems.add("nothing came out on " + LABELS + " or " + DEAD_LETTERS + ", expected " + s.expected());
            return;
        }
        if (outs.size() > 1) {
            problems.add("came out " + outs.size() + " times: " + describe(outs));
        }
        Out out = outs.get(0);
        Expected expected = s.expected();
        if (out.label() != null) {
            if (!expected.labelAllowed()) {
                problems.add("expected " + expected + ", got " + describe(List.of(out)));
                return;
            }
            JsonNode image = out.label().path("image");
            if (expected.format() != null && !expected.format().equals(image.path("format").asText())) {
                problems.add("labelled as format " + image.path("format") + ", expected " + expected.format());
            }
            if (expected.width() > 0 && (image.path("width").asInt() != expected.width() || image.path("height").asInt() != expected.height())) {
                problems.add("labelled as " + image.path("width") + "x" + image.path("height") + ", expected "
                        + expected.width() + "x" + expected.height());
            }
            checkId(s.key(), out.label(), problems);
            if (checkIdEncoding) {
                checkIdEncoding(s.key(), out.label(), problems, null);
            }
            return;
        }
        String code = DeadLetterHeaders.read(out.headers(), DeadLetterHeaders.ERROR_CODE);
        if (!expected.codes().contains(code)) {
            problems.add("expected " + expected + ", got " + describe(List.of(out)));
            return;
        }
        if (!Arrays.equals(s.key(), out.key())) {
            problems.add("dead letter key is " + hex(out.key()) + ", the input's was " + hex(s.key()));
        }
        for (String ours : ERROR_HEADERS) {
            int n = count(out.headers(), ours);
            if (n != 1) {
                problems.add("dead letter has header " + ours + " " + n + " times, expected once");
            }
        }
        if (!INPUT.equals(DeadLetterHeaders.read(out.headers(), DeadLetterHeaders.SOURCE_TOPIC))) {
            problems.add("dead letter source topic is " + DeadLetterHeaders.read(out.headers(), DeadLetterHeaders.SOURCE_TOPIC));
        }
        List<String> theirs = theirHeaders(out.headers());
        List<String> sentHeaders = theirHeaders(s.headers());
        if (!theirs.equals(sentHeaders)) {
            problems.add("dead letter headers (ours aside) differ from the input's: " + abbreviate(theirs) + " vs " + abbreviate(sentHeaders));
        }
        if (expected.valueOmitted()) {
            if (out.value() != null) {
                problems.add("dead letter carries a value of " + out.value().length + " bytes, expected none (too large)");
            }
            expectHeader(out.headers(), ORIGINAL_BYTES, Integer.toString(s.value().length), problems);
            expectHeader(out.headers(), ORIGINAL_SHA256, sha256(s.value()), problems);
            String reason = DeadLetterHeaders.read(out.headers(), VALUE_OMITTED);
            if (reason == null || reason.isBlank()) {
                problems.add("dead letter has no " + VALUE_OMITTED + " reason");
            }
        } else if (!Arrays.equals(s.value(), out.value())) {
            problems.add("dead letter value (" + length(out.value()) + " bytes) is not the input's (" + length(s.value()) + " bytes)");
        }
    }

    /** The contract: id is the key as text when it is UTF-8, else base64 of its bytes; null for no key. */
    private static void checkId(byte[] key, JsonNode label, List<String> problems) {
        JsonNode id = label.get("id");
        String expected = key == null ? null : utf8(key) != null ? utf8(key) : Base64.getEncoder().encodeToString(key);
        String actual = id == null || id.isNull() ? null : id.asText();
        if (!Objects.equals(expected, actual)) {
            problems.add("label id is " + abbreviate(actual) + ", expected " + abbreviate(expected)
                    + (key != null && utf8(key) == null ? " (base64 of the key bytes " + hex(key) + ")" : ""));
        }
    }

    private static void checkIdEncoding(byte[] key, JsonNode label, List<String> problems, String prefix) {
        String expected = key == null ? null : utf8(key) != null ? "utf8" : "base64";
        JsonNode node = label.get("id_encoding");
        String p = prefix == null ? "" : prefix + ": ";
        if (node == null) {
            problems.add(p + "label has no id_encoding field, expected " + expected);
        } else if (!Objects.equals(expected, node.isNull() ? null : node.asText())) {
            problems.add(p + "label id_encoding is " + node + ", expected " + expected);
        }
    }

    private static void expectHeader(Headers headers, String name, String expected, List<String> problems) {
        String actual = DeadLetterHeaders.read(headers, name);
        if (!expected.equals(actual)) {
            problems.add("dead letter header " + name + " is " + actual + ", expected " + expected);
        }
    }

    private static String describe(List<Out> outs) {
        if (outs.isEmpty()) {
            return "nothing";
        }
        return outs.stream().map(o -> {
            if (o.label() != null) {
                JsonNode image = o.label().path("image");
                return "label " + image.path("format").asText() + " " + image.path("width") + "x" + image.path("height");
            }
            String message = DeadLetterHeaders.read(o.headers(), DeadLetterHeaders.ERROR_MESSAGE);
            return "dead letter " + DeadLetterHeaders.read(o.headers(), DeadLetterHeaders.ERROR_CODE) + " (" + abbreviate(message) + ")";
        }).collect(Collectors.joining("; "));
    }

    // ---------------------------------------------------------------- Kafka and the process

    private static Sent send(KafkaProducer<byte[], byte[]> producer, String name, Entry entry, byte[] key, byte[] value,
                             List<Header> headers, Expected expected, int partition) throws Exception {
        var metadata = producer.send(new ProducerRecord<>(INPUT, partition, key, value, headers)).get();
        return new Sent(name, entry, key, value, headers, expected, partition, metadata.offset());
    }

    /**
     * Reads until outputs for {@code expected} distinct inputs arrived, the time is up, or the
     * streamer died (then a few seconds more, for what it committed before).
     */
    private static void read(KafkaConsumer<byte[], byte[]> reader, Process streamer, int expected, Duration timeout,
                             Map<Long, List<Out>> bySource, List<Out> unidentified) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bySource.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                Out out = identify(r);
                if (out.partition() < 0) {
                    unidentified.add(out);
                } else {
                    bySource.computeIfAbsent(key(out.partition(), out.offset()), k -> new ArrayList<>()).add(out);
                }
            }
            if (!streamer.isAlive()) {
                deadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(3).toNanos());
            }
        }
    }

    private static Out identify(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(LABELS)) {
            try {
                JsonNode label = JSON.readTree(r.value());
                JsonNode source = label.path("source");
                return new Out(r.topic(), r.key(), r.value(), r.headers(), label, source.path("partition").asInt(-1),
                        source.path("offset").asLong(-1));
            } catch (IOException | RuntimeException e) {
                return new Out(r.topic(), r.key(), r.value(), r.headers(), null, -1, -1);
            }
        }
        String partition = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_PARTITION);
        String offset = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_OFFSET);
        try {
            return new Out(r.topic(), r.key(), r.value(), r.headers(), null, Integer.parseInt(partition), Long.parseLong(offset));
        } catch (RuntimeException e) {
            return new Out(r.topic(), r.key(), r.value(), r.headers(), null, -1, -1);
        }
    }

    private static long source(Sent s) {
        return key(s.partition(), s.offset());
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    private static void awaitReady(StreamerProcess app, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the streamer exited while starting; its log:%n%s", tail(log, 80)).isTrue();
            try {
                HttpResponse<String> ready = app.get("/ready");
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The HTTP port opens once the model is loaded.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the streamer was not ready after 60 s; its log:\n" + tail(log, 80));
    }

    private static String health(StreamerProcess app) {
        try {
            HttpResponse<String> health = app.get("/health");
            return health.body().strip() + (health.statusCode() == 200 ? "" : " (HTTP " + health.statusCode() + ")");
        } catch (IOException | InterruptedException e) {
            return "no answer on /health: " + e;
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static List<String> theirHeaders(Iterable<Header> headers) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            if (!OURS.contains(h.key())) {
                out.add(h.key() + "=" + (h.value() == null ? "null" : hex(h.value())));
            }
        }
        return out;
    }

    private static int count(Headers headers, String name) {
        int n = 0;
        for (Header h : headers.headers(name)) {
            n++;
        }
        return n;
    }

    /** The text of {@code bytes} when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : abbreviate(HexFormat.of().formatHex(bytes));
    }

    private static String length(byte[] bytes) {
        return bytes == null ? "null" : String.format(Locale.ROOT, "%,d", bytes.length);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 120 ? s : s.substring(0, 100) + "... (" + s.length() + " chars)";
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
