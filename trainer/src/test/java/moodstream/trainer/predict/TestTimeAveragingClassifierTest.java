package moodstream.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import moodstream.core.card.ModelCard;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.inference.TestTimeAveraging;
import moodstream.trainer.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * core's test-time averaging through a real exported network (core cannot export one): an hflip
 * card's scores are the mean of the image's and its mirror's single runs, and a card without
 * the field scores exactly as the network alone.
 */
class TestTimeAveragingClassifierTest {
    private static final PreprocessingSpec SPEC = PreprocessingSpec.of(24, 24, 1);
    private static final float TOLERANCE = 1e-6f;

    @TempDir
    static Path dir;
    static Path plainModel;
    static Path hflipModel;

    @BeforeAll
    static void export() throws Exception {
        ModelCard card = TinyModels.card(SPEC, List.of("happy", "sad"));
        plainModel = TinyModels.write(dir.resolve("plain.onnx"), card);
        hflipModel = TinyModels.write(dir.resolve("hflip.onnx"), card.withTta(TestTimeAugmentation.HFLIP));
    }

    /** A left-heavy gradient with noise: its mirror is a different input, so the two runs differ. */
    private static float[] asymmetric(long seed) {
        Random random = new Random(seed);
        float[] chw = new float[SPEC.tensorSize()];
        for (int y = 0; y < SPEC.height(); y++) {
            for (int x = 0; x < SPEC.width(); x++) {
                chw[y * SPEC.width() + x] = (float) Math.min(1, Math.max(0, 1 - x / 12.0 + 0.2 * random.nextGaussian()));
            }
        }
        return chw;
    }

    private static PreprocessedImage image(float[] pixels) {
        return new PreprocessedImage(new ImageInfo(ImageFormat.PNG, SPEC.width(), SPEC.height(), 0), pixels);
    }

    @Test
    void hflipScoresAreTheMeanOfTheImagesAndItsMirrorsSingleRuns() {
        try (OnnxModel single = OnnxModel.load(plainModel, InferenceOptions.CPU);
             ImageClassifier hflip = new ImageClassifier(OnnxModel.load(hflipModel, InferenceOptions.CPU), ImageLimits.DEFAULT)) {
            assertThat(hflip.augmentation()).as("taken from the card").isEqualTo(TestTimeAugmentation.HFLIP);
            List<float[]> inputs = List.of(asymmetric(1), asymmetric(2), asymmetric(3));
            List<Classification> results = hflip.classifyAll(inputs.stream().map(TestTimeAveragingClassifierTest::image).toList());
            for (int i = 0; i < inputs.size(); i++) {
                float[] plain = single.run(List.of(inputs.get(i)))[0];
                float[] mirrored = single.run(List.of(TestTimeAveraging.mirror(inputs.get(i), SPEC)))[0];
                assertThat(Math.abs(plain[1] - mirrored[1])).as("image %d: the mirror must change the score, or this test"
                        + " could not tell averaging from no averaging", i).isGreaterThan(1e-4f);
                assertThat(results.get(i).scores().get("happy")).isCloseTo((plain[0] + mirrored[0]) / 2.0, within(1e-6));
                assertThat(results.get(i).scores().get("sad")).isCloseTo((plain[1] + mirrored[1]) / 2.0, within(1e-6));
                // The decision rule sees the mean: sad from P(sad) >= 0.5 of the averaged row.
                assertThat(results.get(i).label()).isEqualTo((plain[1] + mirrored[1]) / 2.0 >= 0.5 ? "sad" : "happy");
            }
        }
    }

    @Test
    void aCardWithoutTtaScoresAsTheNetworkAloneAndAnOverrideSwitchesItOff() {
        float[] input = asymmetric(4);
        try (OnnxModel single = OnnxModel.load(plainModel, InferenceOptions.CPU);
             ImageClassifier plain = new ImageClassifier(OnnxModel.load(plainModel, InferenceOptions.CPU), ImageLimits.DEFAULT);
             ImageClassifier overridden = new ImageClassifier(OnnxModel.load(hflipModel, InferenceOptions.CPU), ImageLimits.DEFAULT,
                     TestTimeAugmentation.NONE)) {
            assertThat(plain.augmentation()).isEqualTo(TestTimeAugmentation.NONE);
            float[] alone = single.run(List.of(input))[0];
            assertThat(plain.classify(image(input)).scores().get("sad")).isCloseTo(alone[1], within((double) TOLERANCE));
            assertThat(overridden.classify(image(input)).scores().get("sad")).isCloseTo(alone[1], within((double) TOLERANCE));
        }
    }
}
