package moodstream.trainer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import moodstream.trainer.CliRun;
import moodstream.trainer.TrainerCli;
import moodstream.trainer.data.CleanReport;
import moodstream.trainer.data.DatasetCleaner;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.data.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthFacesCommandTest {
    @TempDir
    Path dir;

    private String err;
    private String out;

    private int run(String... args) {
        CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    @Test
    void writesCountImagesPerLabelAndTheMarker() throws IOException {
        Path data = dir.resolve("data");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "5", "--seed", "3")).isEqualTo(0);
        assertThat(files(data)).containsExactly(
                "SYNTHETIC.txt",
                "happy/happy-0000.png", "happy/happy-0001.png", "happy/happy-0002.png", "happy/happy-0003.png", "happy/happy-0004.png",
                "sad/sad-0000.png", "sad/sad-0001.png", "sad/sad-0002.png", "sad/sad-0003.png", "sad/sad-0004.png");
        assertThat(Files.readString(data.resolve(SynthFacesCommand.MARKER)))
                .startsWith("SYNTHETIC DATA").contains("seed: 3").contains("count per label: 5").contains("generated");
        assertThat(out).isEqualTo("synthetic faces: 5 happy, 5 sad in " + data.toAbsolutePath() + " (seed 3)"
                + System.lineSeparator());
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        for (String file : files(data)) {
            if (file.endsWith(".png")) {
                assertThat(decoder.decode(Files.readAllBytes(data.resolve(file))).info().width()).isEqualTo(128);
            }
        }
    }

    @Test
    void trainingWouldUseEveryImage() {
        Path data = dir.resolve("data");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "30")).isEqualTo(0);
        CleanReport report = new DatasetCleaner().clean(data);
        assertThat(report.labels()).containsExactly("happy", "sad");
        assertThat(report.kept()).hasSize(60);
        assertThat(report.kept().stream().filter(image -> image.label().equals("happy"))).hasSize(30);
        // The marker is the one file the cleaner mentions: beside the label folders, so unlabelled.
        assertThat(report.rejected()).extracting(Rejection::relativePath).containsExactly("SYNTHETIC.txt");
        assertThat(report.kept()).extracting(LabelledImage::sha256).doesNotHaveDuplicates();
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherImages() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        assertThat(run("synth-faces", "--out", a.toString(), "--count", "4", "--seed", "42")).isEqualTo(0);
        assertThat(run("synth-faces", "--out", b.toString(), "--count", "4", "--seed", "42")).isEqualTo(0);
        assertThat(run("synth-faces", "--out", c.toString(), "--count", "4", "--seed", "43")).isEqualTo(0);
        List<String> images = files(a).stream().filter(f -> f.endsWith(".png")).toList();
        assertThat(images).hasSize(8);
        for (String image : images) {
            byte[] bytes = Files.readAllBytes(a.resolve(image));
            assertThat(Files.readAllBytes(b.resolve(image))).as(image).isEqualTo(bytes);
            assertThat(Files.readAllBytes(c.resolve(image))).as(image).isNotEqualTo(bytes);
        }
    }

    @Test
    void refusesLabelFoldersThatHoldFilesAndLeavesThemAlone() throws IOException {
        Path data = dir.resolve("data");
        Path photo = Files.createDirectories(data.resolve("sad")).resolve("my-photo.jpg");
        Files.writeString(photo, "someone's photo");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "3")).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).startsWith("error: ").contains(data.resolve("sad").toAbsolutePath().toString())
                .contains("already holds 1 file").contains("--overwrite").doesNotContain("Exception");
        assertThat(files(data)).containsExactly("sad/my-photo.jpg");
        assertThat(Files.readString(photo)).isEqualTo("someone's photo");
    }

    @Test
    void overwriteReplacesTheLabelFoldersAndKeepsEverythingElse() throws IOException {
        Path data = dir.resolve("data");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "4")).isEqualTo(0);
        Files.writeString(data.resolve("README.md"), "my notes");
        Files.writeString(data.resolve("happy/extra.png"), "not from synth-faces");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "2")).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains(data.resolve("happy").toAbsolutePath().toString());

        assertThat(run("synth-faces", "--out", data.toString(), "--count", "2", "--seed", "9", "--overwrite")).isEqualTo(0);
        assertThat(files(data)).containsExactly("README.md", "SYNTHETIC.txt",
                "happy/happy-0000.png", "happy/happy-0001.png", "sad/sad-0000.png", "sad/sad-0001.png");
        assertThat(Files.readString(data.resolve("README.md"))).isEqualTo("my notes");
        assertThat(Files.readString(data.resolve(SynthFacesCommand.MARKER))).contains("seed: 9");
    }

    @Test
    void emptyLabelFoldersAndOtherFilesAreNoObstacle() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("happy"));
        Files.writeString(data.resolve("README.md"), "put images here");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "1")).isEqualTo(0);
        assertThat(files(data)).containsExactly("README.md", "SYNTHETIC.txt", "happy/happy-0000.png", "sad/sad-0000.png");
    }

    @Test
    void theLeftoversOfAnInterruptedRunAreRemoved() throws IOException {
        Path data = dir.resolve("data");
        Path leftover = Files.createDirectories(data.resolve(".synth-faces-1234.tmp/happy"));
        Files.writeString(leftover.resolve("happy-0000.png"), "half written");
        assertThat(run("synth-faces", "--out", data.toString(), "--count", "1")).isEqualTo(0);
        try (Stream<Path> entries = Files.list(data)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("happy", "sad", "SYNTHETIC.txt");
        }
    }

    @Test
    void badArgumentsAreUserErrors() throws IOException {
        assertThat(run("synth-faces", "--out", dir.resolve("x").toString(), "--count", "0")).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("--count");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThat(run("synth-faces", "--count", "3")).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("--out");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(run("synth-faces", "--out", file.toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("is a file");
        assertThat(run("synth-faces", "--out", file.resolve("data").toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("not writable");
    }

    /** Every file under {@code root}, hidden ones included, as sorted '/'-separated relative paths. */
    private static List<String> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> files = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).toList());
            files.sort(null);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
