package moodstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCleanerErrorsTest {
    @TempDir
    Path temp;

    @Test
    void missingRootSaysWhatToCreate() {
        Path missing = temp.resolve("nope");

        assertThatThrownBy(() -> new DatasetCleaner().clean(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining(missing.resolve("happy").toString());
    }

    @Test
    void rootThatIsAFileIsRefused() {
        DataFolder data = new DataFolder(temp);
        Path file = data.write("data", "not a folder");

        assertThatThrownBy(() -> new DatasetCleaner().clean(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void singleClassNeedsASecond() {
        DataFolder data = new DataFolder(temp.resolve("data"));
        data.write("happy/a.png", DataFolder.png(1));
        data.write(".hidden/b.png", DataFolder.png(2));

        assertThatThrownBy(() -> new DatasetCleaner().clean(data.root()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("found 1 class folder (happy) in " + data.root())
                .hasMessageContaining("need at least 2, e.g. " + data.root().resolve("happy") + " and " + data.root().resolve("sad"));
    }

    @Test
    void classLeftEmptyAfterCleaningIsNamedWithItsRejects() {
        DataFolder data = new DataFolder(temp.resolve("data"));
        data.write("happy/a.png", DataFolder.png(1));
        data.write("sad/broken.jpg", "not a jpeg");
        data.write("sad/tiny.png", TestImages.png(TestImages.noise(4, 4, 1)));
        Path quarantine = temp.resolve("rejected");

        assertThatThrownBy(() -> new DatasetCleaner(CleanOptions.DEFAULT.withQuarantine(quarantine)).clean(data.root()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("class 'sad' in " + data.root() + " has no usable images: 2 rejected")
                .hasMessageContaining("1 not an image")
                .hasMessageContaining("1 too small")
                .hasMessageContaining("sad/broken.jpg");
        // A failed clean moves nothing.
        assertThat(DataFolder.files(data.root())).containsExactly("happy/a.png", "sad/broken.jpg", "sad/tiny.png");
    }

    @Test
    void emptyClassFolder() {
        DataFolder data = new DataFolder(temp.resolve("data"));
        data.write("happy/a.png", DataFolder.png(1));
        data.write("sad/.keep", "");

        assertThatThrownBy(() -> new DatasetCleaner().clean(data.root()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("class 'sad'")
                .hasMessageContaining("the folder holds no files");
    }

    @Test
    void quarantineThatCannotBeCreatedIsRefusedBeforeAnythingMoves() {
        DataFolder data = new DataFolder(temp.resolve("data"));
        data.write("happy/a.png", DataFolder.png(1));
        data.write("sad/b.png", DataFolder.png(2));
        data.write("sad/text.png", "text");
        // A regular file where the folder should be: fails for root too, unlike chmod.
        Path quarantine = new DataFolder(temp).write("rejected", "in the way");

        assertThatThrownBy(() -> new DatasetCleaner(CleanOptions.DEFAULT.withQuarantine(quarantine)).clean(data.root()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("quarantine folder " + quarantine + " is not writable");
        assertThat(DataFolder.files(data.root())).isEqualTo(List.of("happy/a.png", "sad/b.png", "sad/text.png"));
    }
}
