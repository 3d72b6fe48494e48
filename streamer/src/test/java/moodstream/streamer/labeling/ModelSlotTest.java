package moodstream.streamer.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSlotTest {
    @TempDir
    Path dir;

    private ImageClassifier classifier(String version) throws Exception {
        Path file = TinyModels.write(dir.resolve(version + ".onnx"),
                TinyModels.card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad"), version));
        return new ImageClassifier(OnnxModel.load(file, InferenceOptions.CPU), ImageLimits.DEFAULT);
    }

    @Test
    void aSwappedOutModelClosesOnlyWhenItsLastUserIsDone() throws Exception {
        byte[] image = TestImages.png(TestImages.noise(30, 30, 1));
        ImageClassifier first = classifier("v1");
        ModelSlot slot = new ModelSlot(first, Instant.EPOCH);
        ModelSlot.Served inUse = slot.acquire();
        assertThat(inUse.model().version()).isEqualTo("v1");

        ImageClassifier second = classifier("v2");
        slot.swap(second, Instant.EPOCH.plusSeconds(1));
        assertThat(slot.peek().model().version()).isEqualTo("v2");
        assertThat(slot.peek().loadedAt()).isEqualTo(Instant.EPOCH.plusSeconds(1));
        assertThat(inUse.classifier().classify(image)).as("still open for the record it was taken for").isNotNull();

        ModelSlot.Served next = slot.acquire();
        assertThat(next.model().version()).as("new work gets the new model").isEqualTo("v2");
        slot.release(next);

        slot.release(inUse);
        assertThatThrownBy(() -> first.classify(image)).as("closed once released").isInstanceOf(IllegalStateException.class);
        assertThat(second.classify(image)).isNotNull();

        slot.close();
        assertThatThrownBy(() -> second.classify(image)).isInstanceOf(IllegalStateException.class);
    }
}
