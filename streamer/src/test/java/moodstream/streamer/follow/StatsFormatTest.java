package moodstream.streamer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatsFormatTest {
    @Test
    void aWindowIsOneLineWithCountsMeansDeadLettersAndTheModel() {
        String json = """
                {"window_start":"2026-11-24T12:00:00Z","window_end":"2026-11-24T12:01:00Z","images":5,
                 "labels":{"happy":{"count":3,"mean_score":0.8123},"sad":{"count":1,"mean_score":0.7}},
                 "dead_letters":{"CORRUPT":1},
                 "models":[{"name":"moodstream-happy-sad","version":"v2","sha256":"b6d55d37aaaabbbbcccc","labels":4}]}
                """;
        assertThat(StatsFormat.row(json.getBytes(StandardCharsets.UTF_8))).isEqualTo("2026-11-24T12:00:00Z .. 2026-11-24T12:01:00Z"
                + "  images 5  happy 3 (mean score 0.812)  sad 1 (mean score 0.700)  dead letters CORRUPT 1"
                + "  model moodstream-happy-sad v2 (b6d55d37aaaa)");
        assertThat(StatsFormat.row("{\"label\":\"happy\"}".getBytes(StandardCharsets.UTF_8))).startsWith("(not a window record");
        assertThat(StatsFormat.row(null)).isEqualTo("(not a window record: no value)");
    }
}
