package moodstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import moodstream.core.Sha256;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageLimits;
import moodstream.core.testing.TestImages;
import moodstream.trainer.data.Rejection.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCleanerTest {
    @TempDir
    Path temp;

    private DataFolder data;

    @BeforeEach
    void setUp() {
        data = new DataFolder(temp.resolve("data"));
    }

    /** One of each problem the cleaner must catch, next to good images in both classes. */
    private void writeMessyDataset() {
        byte[] duplicated = DataFolder.png(1);
        byte[] conflicting = DataFolder.png(99);
        byte[] jpeg = DataFolder.jpeg(3);
        byte[] png = DataFolder.png(4);

        data.write("happy/a.png", duplicated);
        data.write("happy/sub/a-again.png", duplicated);
        data.write("happy/b.jpg", DataFolder.jpeg(2));
        data.write("happy/png-named.txt", DataFolder.png(5));
        data.write("happy/text.jpg", "this is not a photo");
        data.write("happy/tiny.png", TestImages.png(TestImages.noise(16, 40, 6)));
        data.write("happy/cut.jpg", TestImages.truncated(jpeg, 0.5));
        data.write("happy/cut.png", TestImages.truncated(png, 0.5));
        byte[] garbage = new byte[600];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        data.write("happy/garbage.jpg", garbage);
        data.write("happy/both.png", conflicting);
        data.write("happy/.DS_Store", "finder metadata");
        data.write("happy/.thumbs/t.png", DataFolder.png(8));

        data.write("sad/c.png", DataFolder.png(10));
        data.write("sad/d.jpeg", DataFolder.jpeg(11));
        data.write("sad/same-as-happy.png", conflicting);

        data.write("notes.txt", "where the photos came from");
        data.write(".git/config", "[core]");
    }

    private static Map<String, Reason> reasons(CleanReport report) {
        return report.rejected().stream().collect(Collectors.toMap(Rejection::relativePath, Rejection::reason,
                (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void aFileAtTheRootIsToldToMoveOnlyWhenItIsAnImage() {
        writeMessyDataset();
        data.write("stray.png", DataFolder.png(12));

        CleanReport report = new DatasetCleaner().clean(data.root());

        assertThat(report.rejected()).filteredOn(r -> r.relativePath().equals("stray.png")).singleElement()
                .extracting(Rejection::detail).asString().contains("move it into one of the label folders");
        assertThat(report.rejected()).filteredOn(r -> r.relativePath().equals("notes.txt")).singleElement()
                .extracting(Rejection::detail).asString().contains("not an image; ignored").doesNotContain("move it");
    }

    @Test
    void keepsGoodImagesAndRejectsEachProblemWithItsReason() {
        writeMessyDataset();

        CleanReport report = new DatasetCleaner().clean(data.root());

        assertThat(report.labels()).containsExactly("happy", "sad");
        assertThat(report.kept()).extracting(LabelledImage::relativePath)
                .containsExactly("happy/a.png", "happy/b.jpg", "happy/png-named.txt", "sad/c.png", "sad/d.jpeg");
        assertThat(reasons(report)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "notes.txt", Reason.NOT_IN_LABEL_FOLDER,
                "happy/sub/a-again.png", Reason.DUPLICATE,
                "happy/text.jpg", Reason.NOT_AN_IMAGE,
                "happy/tiny.png", Reason.TOO_SMALL,
                "happy/cut.jpg", Reason.CORRUPT,
                "happy/cut.png", Reason.CORRUPT,
                "happy/garbage.jpg", Reason.CORRUPT,
                "happy/both.png", Reason.LABEL_CONFLICT,
                "sad/same-as-happy.png", Reason.LABEL_CONFLICT));
        assertThat(report.rejected()).filteredOn(r -> r.reason() == Reason.DUPLICATE)
                .singleElement().extracting(Rejection::detail).asString().contains("happy/a.png");
        assertThat(report.rejected()).filteredOn(r -> r.reason() == Reason.LABEL_CONFLICT)
                .allSatisfy(r -> assertThat(r.detail()).contains("happy", "sad"));
    }

    @Test
    void describesKeptImagesByContent() throws IOException {
        writeMessyDataset();

        CleanReport report = new DatasetCleaner().clean(data.root());

        LabelledImage pngNamedTxt = report.kept().stream()
                .filter(i -> i.relativePath().equals("happy/png-named.txt")).findFirst().orElseThrow();
        assertThat(pngNamedTxt.label()).isEqualTo("happy");
        assertThat(pngNamedTxt.path()).isAbsolute().isEqualTo(data.root().toAbsolutePath().resolve("happy/png-named.txt"));
        assertThat(pngNamedTxt.info().format()).isEqualTo(ImageFormat.PNG);
        assertThat(pngNamedTxt.info().width()).isEqualTo(48);
        assertThat(pngNamedTxt.sha256()).isEqualTo(Sha256.hex(Files.readAllBytes(pngNamedTxt.path()))).hasSize(64);
    }

    @Test
    void reportCountsAndSummary() throws IOException {
        writeMessyDataset();

        CleanReport report = new DatasetCleaner().clean(data.root());

        assertThat(report.keptCounts()).containsExactly(Map.entry("happy", 3), Map.entry("sad", 2));
        assertThat(report.rejectedCounts()).containsExactly(
                Map.entry(Reason.NOT_AN_IMAGE, 1),
                Map.entry(Reason.CORRUPT, 3),
                Map.entry(Reason.TOO_SMALL, 1),
                Map.entry(Reason.DUPLICATE, 1),
                Map.entry(Reason.LABEL_CONFLICT, 2),
                Map.entry(Reason.NOT_IN_LABEL_FOLDER, 1));
        assertThat(report.summary())
                .contains("5 images kept", "9 files rejected", "happy: 3 kept", "sad: 2 kept")
                .contains("CORRUPT", "happy/cut.jpg", "happy/cut.png", "happy/garbage.jpg")
                .contains("TOO_SMALL", "happy/tiny.png: 16x40")
                .contains("NOT_IN_LABEL_FOLDER", "notes.txt");

        Path json = temp.resolve("out/report.json");
        report.writeJson(json);
        JsonNode tree = JsonMapper.builder().build().readTree(json.toFile());
        assertThat(tree.get("kept")).hasSize(5);
        assertThat(tree.get("rejected")).hasSize(9);
        assertThat(tree.get("rejectedCounts").get("CORRUPT").asInt()).isEqualTo(3);
        assertThat(tree.get("keptCounts").get("happy").asInt()).isEqualTo(3);
        assertThat(DataFolder.files(json.getParent())).containsExactly("report.json");
    }

    @Test
    void summaryListsAtMostTwentyNamesPerReason() {
        data.write("happy/ok.png", DataFolder.png(1));
        data.write("sad/ok.png", DataFolder.png(2));
        for (int i = 0; i < 25; i++) {
            data.write(String.format("sad/small-%02d.png", i), TestImages.png(TestImages.noise(8, 8, 100 + i)));
        }

        String summary = new DatasetCleaner().clean(data.root()).summary();

        assertThat(summary).contains("TOO_SMALL (too small): 25", "sad/small-19.png", "... and 5 more")
                .doesNotContain("sad/small-20.png");
    }

    @Test
    void leavesEveryFileInPlaceWithoutQuarantine() {
        writeMessyDataset();
        List<String> before = DataFolder.files(data.root());

        new DatasetCleaner().clean(data.root());

        assertThat(DataFolder.files(data.root())).isEqualTo(before);
    }

    @Test
    void quarantineMovesExactlyTheRejectedFiles() {
        writeMessyDataset();
        // Same file name twice under one reason and label: the second must not overwrite the first.
        data.write("happy/x/copy.png", DataFolder.png(1));
        data.write("happy/y/copy.png", DataFolder.png(1));
        Path quarantine = temp.resolve("rejected");

        CleanReport report = new DatasetCleaner(CleanOptions.DEFAULT.withQuarantine(quarantine)).clean(data.root());

        assertThat(DataFolder.files(quarantine)).containsExactlyInAnyOrder(
                "corrupt/happy/cut.jpg", "corrupt/happy/cut.png", "corrupt/happy/garbage.jpg",
                "duplicate/happy/a-again.png", "duplicate/happy/copy.png", "duplicate/happy/copy-1.png",
                "label_conflict/happy/both.png", "label_conflict/sad/same-as-happy.png",
                "not_an_image/happy/text.jpg", "too_small/happy/tiny.png");
        // notes.txt beside the label folders is reported but stays: it is not part of any label.
        assertThat(DataFolder.files(data.root())).containsExactlyInAnyOrder(
                ".git/config", "notes.txt", "happy/.DS_Store", "happy/.thumbs/t.png",
                "happy/a.png", "happy/b.jpg", "happy/png-named.txt", "sad/c.png", "sad/d.jpeg");
        assertThat(report.rejected()).filteredOn(r -> r.reason() != Reason.NOT_IN_LABEL_FOLDER)
                .allSatisfy(r -> assertThat(r.path()).startsWith(quarantine).exists());
        assertThat(report.kept()).allSatisfy(i -> assertThat(i.path()).exists());
    }

    @Test
    void quarantineInsideTheDataRootIsNotTakenForAClass() {
        data.write("happy/a.png", DataFolder.png(1));
        data.write("happy/text.jpg", "not an image");
        data.write("sad/b.png", DataFolder.png(2));
        Path quarantine = data.root().resolve("rejected");

        CleanReport report = new DatasetCleaner(CleanOptions.DEFAULT.withQuarantine(quarantine)).clean(data.root());
        CleanReport again = new DatasetCleaner(CleanOptions.DEFAULT.withQuarantine(quarantine)).clean(data.root());

        assertThat(report.labels()).containsExactly("happy", "sad");
        assertThat(again.labels()).containsExactly("happy", "sad");
        assertThat(again.rejected()).isEmpty();
        assertThat(quarantine.resolve("not_an_image/happy/text.jpg")).exists();
    }

    @Test
    void unreadableFileIsReportedNotFatal() throws IOException {
        data.write("happy/a.png", DataFolder.png(1));
        data.write("sad/b.png", DataFolder.png(2));
        Path locked = data.write("sad/locked.png", DataFolder.png(3));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        // root (as in many CI containers) reads files whatever their permission bits, so
        // the IOException this test is about cannot be provoked there: skip rather than lie.
        assumeThat(Files.isReadable(locked)).as("running as root: permissions are not enforced").isFalse();

        CleanReport report = new DatasetCleaner().clean(data.root());

        assertThat(reasons(report)).containsExactly(Map.entry("sad/locked.png", Reason.UNREADABLE));
    }

    @Test
    void brokenSymbolicLinkIsUnreadable() throws IOException {
        data.write("happy/a.png", DataFolder.png(1));
        data.write("sad/b.png", DataFolder.png(2));
        Files.createSymbolicLink(data.root().resolve("sad/gone.png"), temp.resolve("does-not-exist.png"));

        CleanReport report = new DatasetCleaner().clean(data.root());

        assertThat(reasons(report)).containsExactly(Map.entry("sad/gone.png", Reason.UNREADABLE));
    }

    @Test
    void overTheLimitsIsTooLarge() {
        data.write("happy/a.png", DataFolder.png(1));
        data.write("happy/wide.png", TestImages.png(TestImages.solid(400, 100, Color.RED)));
        data.write("sad/b.png", DataFolder.png(2));
        CleanOptions options = CleanOptions.DEFAULT.withLimits(new ImageLimits(1_000_000, 10_000));

        CleanReport report = new DatasetCleaner(options).clean(data.root());

        assertThat(reasons(report)).containsExactly(Map.entry("happy/wide.png", Reason.TOO_LARGE));
    }

    @Test
    void walksInSortedOrderWhateverTheCreationOrder() {
        for (String name : Arrays.asList("z.png", "m/b.png", "a.png", "m/a.png")) {
            data.write("happy/" + name, DataFolder.png(name.hashCode()));
        }
        data.write("sad/b.png", DataFolder.png(2));

        CleanReport report = new DatasetCleaner().clean(data.root());

        assertThat(report.kept()).extracting(LabelledImage::relativePath)
                .containsExactly("happy/a.png", "happy/m/a.png", "happy/m/b.png", "happy/z.png", "sad/b.png");
    }
}
