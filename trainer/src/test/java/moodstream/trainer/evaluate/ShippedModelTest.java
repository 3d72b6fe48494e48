package moodstream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import moodstream.core.Sha256;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.inference.ShippedModel;
import moodstream.core.testing.SharedDatasets;
import moodstream.trainer.data.CleanOptions;
import moodstream.trainer.data.DatasetCleaner;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.predict.PredictCommand;
import moodstream.trainer.train.TensorLoader;
import moodstream.trainer.train.TensorSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The model in {@code models/default/} is the file its README describes: its SHA-256 is the one
 * recorded next to it, its embedded card is the card file beside it, the commands use it when no
 * {@code --model} is given, and, where the data sets are present, it still scores exactly what
 * {@code evaluations.json} (and the README, from it) says.
 */
class ShippedModelTest {
    private static final Path DIR = Path.of("..").toAbsolutePath().normalize().resolve("models/default");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFileIsTheOneRecordedAndCarriesItsCard() throws Exception {
        Path model = DIR.resolve("model.onnx");
        String recorded = Files.readString(DIR.resolve("model.onnx.sha256")).trim().split("\\s+")[0];
        assertThat(Sha256.hex(Files.readAllBytes(model))).as("SHA-256 of %s (model.onnx.sha256)", model).isEqualTo(recorded);
        try (OnnxModel onnx = OnnxModel.load(model, InferenceOptions.CPU)) {
            JsonNode embedded = JSON.readTree(new ModelCardCodec().toJson(onnx.card()));
            assertThat(embedded).as("the card inside model.onnx is model-card.json").isEqualTo(JSON.readTree(DIR.resolve("model-card.json").toFile()));
            assertThat(onnx.card().preprocessing().cropsFaces()).as("the shipped model is face-aware").isTrue();
            // The whole-image model for photos without a face travels with it, and is the file its card names.
            assertThat(onnx.card().fallback()).as("the shipped model names its fallback").isNotNull();
            Path fallback = DIR.resolve(onnx.card().fallback().file());
            assertThat(Sha256.hex(Files.readAllBytes(fallback))).as("SHA-256 of %s (the card's fallback)", fallback)
                    .isEqualTo(onnx.card().fallback().sha256());
        }
    }

    @Test
    void theCommandsUseItWhenNoModelIsGivenFromTheInstallFolder() {
        assertThat(ShippedModel.RELATIVE_PATH).isEqualTo("models/default/model.onnx");
        String before = System.getProperty("moodstream.home");
        // What the launcher and the Docker image set, so the default is found from any working directory.
        System.setProperty("moodstream.home", "/opt/moodstream");
        try {
            for (Object command : List.of(new PredictCommand(), new EvaluateCommand())) {
                CommandLine.Model.OptionSpec option = new CommandLine(command).getCommandSpec().findOption("--model");
                assertThat(option.defaultValue()).as(command.getClass().getSimpleName())
                        .isEqualTo("/opt/moodstream/models/default/model.onnx");
            }
        } finally {
            if (before == null) {
                System.clearProperty("moodstream.home");
            } else {
                System.setProperty("moodstream.home", before);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fer2013-happy-sad/test", "web-happy-sad"})
    void itStillScoresWhatItsEvaluationsSay(String dataSet) throws Exception {
        JsonNode expected = JSON.readTree(DIR.resolve("evaluations.json").toFile()).get(dataSet);
        assertThat(expected).as("evaluations.json has %s", dataSet).isNotNull();
        Path data = SharedDatasets.require(dataSet.split("/")[0]).resolve(dataSet.contains("/") ? dataSet.split("/")[1] : "");
        // Opened as serving opens it: the fallback loaded and checked beside it.
        try (ImageClassifier classifier = ImageClassifier.open(DIR.resolve("model.onnx"), InferenceOptions.CPU, ImageLimits.DEFAULT,
                Optional.empty())) {
            // As `evaluate` reads a folder: every decodable image is kept.
            List<LabelledImage> images = new DatasetCleaner(new CleanOptions(ImageLimits.DEFAULT, 1, Optional.empty())).clean(data).kept();
            TensorSet set = new TensorLoader(classifier.preprocessor(), classifier.card().labels()).load(images);
            Evaluation evaluation = Evaluation.run(classifier, set);
            System.out.print(evaluation.describe());
            JsonNode measured = JSON.valueToTree(evaluation);
            // Inference is deterministic on CPU: the same images give the same confusion matrices, to the image.
            assertThat(measured.at("/metrics/confusion")).as("%s: confusion matrix", dataSet).isEqualTo(expected.at("/metrics/confusion"));
            for (String path : List.of("face", "face+fallback", "whole-image", "fallback")) {
                assertThat(measured.at("/byPath/" + path + "/confusion")).as("%s: %s path", dataSet, path)
                        .isEqualTo(expected.at("/byPath/" + path + "/confusion"));
            }
            assertThat(measured.at("/metrics/rocAuc").asDouble()).isCloseTo(expected.at("/metrics/rocAuc").asDouble(),
                    Offset.offset(1e-9));
        }
    }
}
