package moodstream.streamer.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelJsonTest {
    static LabelMessage sample(String id) {
        return new LabelMessage(id, id == null ? null : KeyText.UTF8, "happy", 0.9312, Map.of("happy", 0.9312, "sad", 0.0688),
                new LabelMessage.Model("moodstream-happy-sad", "20261124T031337Z", "4f".repeat(32)),
                new LabelMessage.Image("jpeg", 1280, 853, 181_234), null, "whole-image", new LabelMessage.Timings(21.4, 0.4),
                new LabelMessage.Source("images", 2, 1041), Instant.parse("2026-11-24T12:00:00.123Z"));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void writesTheDocumentedFieldNamesAndReadsThemBack() throws IOException {
        byte[] json = LabelJson.write(sample("photo-1"));
        assertThat(text(json)).contains("\"timings_ms\":{").contains("\"processed_at\":\"2026-11-24T12:00:00.123Z\"");
        assertThat(LabelJson.read(json)).isEqualTo(sample("photo-1"));
        assertThat(LabelJson.read(LabelJson.write(sample(null))).id()).isNull();
        assertThat(LabelJson.tree(sample("x")).get("timings_ms").get("decode").asDouble()).isEqualTo(21.4);
    }

    @Test
    void aLabelWrittenBeforeThePathFieldGetsItFromTheFace() throws IOException {
        String current = text(LabelJson.write(sample("photo-1")));
        assertThat(current).contains("\"path\":\"whole-image\"");
        String older = current.replace(",\"path\":\"whole-image\"", "");
        assertThat(older).doesNotContain("path");
        assertThat(LabelJson.read(older.getBytes(StandardCharsets.UTF_8))).isEqualTo(sample("photo-1"));
        String olderWithFace = older.replace("\"face\":null", "\"face\":{\"x\":1,\"y\":2,\"width\":3,\"height\":4}");
        assertThat(LabelJson.read(olderWithFace.getBytes(StandardCharsets.UTF_8)).path()).isEqualTo("face");
    }

    @Test
    void aBlendedLabelCarriesItsFace() throws IOException {
        String good = text(LabelJson.write(sample("k")));
        String blended = good.replace("\"face\":null", "\"face\":{\"x\":1,\"y\":2,\"width\":3,\"height\":4}")
                .replace("\"path\":\"whole-image\"", "\"path\":\"face+fallback\"");
        assertThat(LabelJson.read(blended.getBytes(StandardCharsets.UTF_8)).path()).isEqualTo("face+fallback");
        String withoutFace = good.replace("\"path\":\"whole-image\"", "\"path\":\"face+fallback\"");
        assertThatThrownBy(() -> LabelJson.read(withoutFace.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessageContaining("'face' must be given");
    }

    @Test
    void anythingNotShapedLikeTheSchemaIsRefused() {
        String good = text(LabelJson.write(sample("k")));
        for (String bad : new String[] {
            "not json", "[1, 2]", "\"happy\"", "null", "{}", "{\"label\":\"happy\"}",
            good.replace("\"label\":\"happy\"", "\"label\":null"),
            good.replace("\"score\":0.9312,", ""),
            good.replace("{\"id\"", "{\"extra\":1,\"id\""),
            good + " trailing",
            good.replace("\"width\":1280,", ""),
            good.replace("\"path\":\"whole-image\"", "\"path\":\"elsewhere\""),
            good.replace("\"path\":\"whole-image\"", "\"path\":\"face\""),
            good.replace("\"path\":\"whole-image\"", "\"path\":null"),
        }) {
            assertThatThrownBy(() -> LabelJson.read(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(IOException.class);
        }
    }
}
