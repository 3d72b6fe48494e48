package moodstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import moodstream.core.testing.SharedDatasets;
import org.junit.jupiter.api.Test;

/** The real, messy web-scraped data set: the cleaner must keep most of it and say what it dropped. */
class WebHappySadCleanTest {
    @Test
    void keepsMostOfBothClasses() {
        Path root = SharedDatasets.require("web-happy-sad");

        // No quarantine: the shared data set is read-only and shared with others.
        CleanReport report = new DatasetCleaner().clean(root);
        System.out.println(report.summary());

        assertThat(report.labels()).containsExactly("happy", "sad");
        assertThat(report.keptCounts().get("happy")).isGreaterThan(100);
        assertThat(report.keptCounts().get("sad")).isGreaterThan(100);
        Split split = StratifiedSplit.split(report.kept(), SplitFractions.DEFAULT, 42);
        assertThat(split.test()).isNotEmpty();
    }
}
