package moodstream.streamer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import moodstream.streamer.labeling.KeyText;
import moodstream.streamer.labeling.LabelMessage;
import org.junit.jupiter.api.Test;

/** The table and the JSON lines of {@code moodstream labels}. */
class LabelFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LabelMessage message(String id, String label, double score) {
        return new LabelMessage(id, id == null ? null : KeyText.UTF8, label, score, Map.of("happy", score, "sad", 1 - score),
                new LabelMessage.Model("moodstream-happy-sad", "20261124T031337Z", "ab".repeat(32)),
                new LabelMessage.Image("jpeg", 640, 480, 51_234), null, "whole-image", new LabelMessage.Timings(12.5, 0.75),
                new LabelMessage.Source("images", 3, 77), Instant.parse("2026-11-24T12:00:00.123Z"));
    }

    static FollowedRecord label(String key, double score) {
        return new FollowedRecord("labels", key, Optional.of(message(key, "happy", score)), Optional.empty(), Optional.empty(),
                1_000, 1_153);
    }

    static FollowedRecord deadLetter(String key) {
        return new FollowedRecord("images.dlq", key, Optional.empty(), Optional.of("NOT_AN_IMAGE"),
                Optional.of("the bytes start with no JPEG, PNG, BMP or GIF signature"), 2_000, 2_210,
                Optional.of(new LabelMessage.Source("images", 1, 5)));
    }

    static FollowedRecord unreadable(String key) {
        return new FollowedRecord("labels", key, Optional.empty(), Optional.empty(),
                Optional.of("not a label message (Unrecognized token 'oops'); value: 'oops' (4 bytes)"), 3_000, 3_012);
    }

    @Test
    void eventKinds() {
        assertThat(label("a", 0.5).deadLetter()).isFalse();
        assertThat(label("a", 0.5).unreadable()).isFalse();
        assertThat(label("a", 0.5).source()).contains(new LabelMessage.Source("images", 3, 77));
        assertThat(deadLetter("b").deadLetter()).isTrue();
        assertThat(deadLetter("b").unreadable()).isFalse();
        assertThat(unreadable("c").unreadable()).isTrue();
        assertThat(unreadable("c").deadLetter()).isFalse();
        assertThat(label("a", 0.5).latencyMs()).isEqualTo(153);
    }

    @Test
    void tableRowsLineUpUnderTheHeader() {
        TableFormat table = new TableFormat();
        String header = table.header();
        assertThat(header).startsWith("KEY ").contains("LABEL").contains("SCORE").endsWith("LATENCY_MS");
        String row = table.row(label("photos/a.jpg", 0.93125));
        assertThat(row).startsWith("photos/a.jpg ").contains(" happy ").contains(" 0.931 ").endsWith(" 153");
        assertThat(row).hasSameSizeAs(header);
        assertThat(row.indexOf("happy")).isEqualTo(header.indexOf("LABEL"));
        assertThat(row.lastIndexOf("0.931") + "0.931".length()).isEqualTo(header.indexOf("SCORE") + "SCORE".length());
    }

    @Test
    void deadLettersAndUnreadableRecordsSayWhy() {
        TableFormat table = new TableFormat();
        String dead = table.row(deadLetter("notes.txt"));
        assertThat(dead).startsWith("notes.txt ").contains("DEAD LETTER NOT_AN_IMAGE").contains(" - ").contains(" 210 ")
                .endsWith("the bytes start with no JPEG, PNG, BMP or GIF signature");
        String bad = table.row(unreadable("weird"));
        assertThat(bad).contains("UNREADABLE").contains(" 12 ").contains("not a label message").contains("'oops'");
    }

    @Test
    void oneLinePerRecordWhateverTheKeyOrMessageHold() {
        TableFormat table = new TableFormat(10);
        FollowedRecord nasty = new FollowedRecord("images.dlq", "a\nb\tc", Optional.empty(), Optional.of("CORRUPT"),
                Optional.of("line one\nline two\r\n"), 0, 5);
        assertThat(table.row(nasty)).doesNotContain("\n").doesNotContain("\r").doesNotContain("\t").startsWith("a b c ");
        assertThat(table.row(new FollowedRecord("labels", null, Optional.of(message(null, "sad", 0.2)), Optional.empty(),
                Optional.empty(), 0, 1))).startsWith("(no key)");
        String longKey = "a/very/long/key/that/is/wider/than/the/column.jpg";
        assertThat(table.row(label(longKey, 0.5))).startsWith(longKey + "  happy"); // never cut
    }

    @Test
    void scoresUseAPointInEveryLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(new TableFormat().row(label("k", 0.5))).contains("0.500").doesNotContain("0,500");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void jsonLineOfALabelIsTheMessageWithTopicAndLatency() throws Exception {
        JsonNode line = JSON.readTree(JsonLinesFormat.line(label("photos/a.jpg", 0.93125)));
        assertThat(fieldNames(line)).containsExactly("id", "id_encoding", "label", "score", "scores", "model", "image", "face", "path", "timings_ms",
                "source",
                "processed_at", "topic", "latency_ms");
        assertThat(line.get("id").asText()).isEqualTo("photos/a.jpg");
        assertThat(line.get("score").asDouble()).isEqualTo(0.93125);
        assertThat(line.get("processed_at").asText()).isEqualTo("2026-11-24T12:00:00.123Z");
        assertThat(line.get("topic").asText()).isEqualTo("labels");
        assertThat(line.get("latency_ms").asLong()).isEqualTo(153);
    }

    @Test
    void jsonLineOfADeadLetterHasTheErrorAndTheSourceButNoImage() throws Exception {
        JsonNode line = JSON.readTree(JsonLinesFormat.line(deadLetter("notes.txt")));
        assertThat(fieldNames(line)).containsExactly("key", "topic", "error_code", "error_message", "source", "latency_ms");
        assertThat(line.get("error_code").asText()).isEqualTo("NOT_AN_IMAGE");
        assertThat(line.get("source").get("partition").asInt()).isEqualTo(1);
        assertThat(line.get("source").get("offset").asLong()).isEqualTo(5);
        assertThat(line.get("latency_ms").asLong()).isEqualTo(210);

        JsonNode noSource = JSON.readTree(JsonLinesFormat.line(new FollowedRecord("images.dlq", "x", Optional.empty(),
                Optional.of("EMPTY"), Optional.of("empty"), 0, 0)));
        assertThat(noSource.get("source").isNull()).isTrue();

        JsonNode bad = JSON.readTree(JsonLinesFormat.line(unreadable("weird")));
        assertThat(fieldNames(bad)).containsExactly("key", "topic", "unreadable", "latency_ms");
        assertThat(bad.get("unreadable").asText()).contains("not a label message");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
