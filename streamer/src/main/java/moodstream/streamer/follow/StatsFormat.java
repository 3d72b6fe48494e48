package moodstream.streamer.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** {@code labels --stats}: one line per closed window of the statistics topic (docs/messages.md). */
final class StatsFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsFormat() {
    }

    /** The window as a line: start, images, per label count and mean score, dead letters per code, the models. */
    static String row(byte[] value) {
        JsonNode w;
        try {
            w = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            w = null;
        }
        if (w == null || !w.has("window_start")) {
            return "(not a window record: " + (value == null ? "no value" : new String(value, 0, Math.min(80, value.length),
                    StandardCharsets.UTF_8)) + ")";
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s .. %s  images %d", w.get("window_start").asText(),
                w.get("window_end").asText(), w.path("images").asLong()));
        for (Map.Entry<String, JsonNode> label : w.path("labels").properties()) {
            line.append(String.format(Locale.ROOT, "  %s %d (mean score %.3f)", label.getKey(), label.getValue().path("count").asLong(),
                    label.getValue().path("mean_score").asDouble()));
        }
        if (!w.path("dead_letters").isEmpty()) {
            line.append("  dead letters");
            w.path("dead_letters").properties().forEach(e -> line.append(' ').append(e.getKey()).append(' ').append(e.getValue().asLong()));
        }
        for (JsonNode m : w.path("models")) {
            line.append(String.format(Locale.ROOT, "  model %s %s (%s)", m.path("name").asText(), m.path("version").asText(),
                    m.path("sha256").asText().substring(0, Math.min(12, m.path("sha256").asText().length()))));
        }
        return line.toString();
    }
}
