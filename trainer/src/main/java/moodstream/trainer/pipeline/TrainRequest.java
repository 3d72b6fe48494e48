package moodstream.trainer.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.model.Architecture;
import moodstream.trainer.train.TrainingOptions;

/**
 * Everything one training run needs, already validated by the command line.
 *
 * @param data            the folder with one sub-folder per label
 * @param testData        a separate labelled test folder (e.g. an official test split); when
 *                        present, {@code data} is split into train and validation only
 * @param out             where models, plots and reports go
 * @param architecture    which network
 * @param input           the model input size and channels
 * @param training        the recipe: epochs, batch, rate and its schedule, seed (also the split's
 *                        and the weights'), patience, augmentation, label smoothing
 * @param quarantine      where rejected files are moved, if anywhere
 * @param minSide         smallest usable width or height, in pixels
 * @param limits          byte and pixel limits for any one image
 * @param parityTolerance largest DL4J-vs-ONNX difference accepted
 * @param tta             the test-time augmentation written into the card, and so used by the
 *                        test evaluation and by every server of the model
 * @param refit           an earlier run whose split this one must equal and whose training and
 *                        validation images it trains on together, with its rates ({@link Refit})
 * @param initFrom        an earlier run whose trained network this one starts from (fine-tuning)
 */
public record TrainRequest(
        Path data,
        Optional<Path> testData,
        Path out,
        Architecture architecture,
        PreprocessingSpec input,
        TrainingOptions training,
        Optional<Path> quarantine,
        int minSide,
        ImageLimits limits,
        double parityTolerance,
        TestTimeAugmentation tta,
        Optional<Refit> refit,
        Optional<Path> initFrom) {
    public long seed() {
        return training.seed();
    }
}
