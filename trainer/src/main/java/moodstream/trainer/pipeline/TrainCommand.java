package moodstream.trainer.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.cli.ImageLimitOptions;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.model.Architecture;
import moodstream.trainer.train.LearningRatePlateau;
import moodstream.trainer.train.TrainingOptions;
import moodstream.trainer.train.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moodstream train}: the whole pipeline on a labelled folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Clean, split, train, evaluate and export a model from DATA/<label>/ folders.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "data", description = "Folder with one sub-folder of images per label (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--test-data", description = "A separate labelled folder to test on (e.g. an official test split);"
            + " DATA is then split 70:20 into train and validation only.")
    Path testData;

    @Option(names = "--out", defaultValue = "models", description = "Output folder for the models, plots and reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--architecture", defaultValue = "compact", description = "compact (default), wide, plain or tutorial.")
    String architecture;

    @Option(names = "--size", description = "Input width and height in pixels (default: the architecture's).")
    Integer size;

    @Option(names = "--channels", description = "1 (gray) or 3 (RGB) (default: the architecture's).")
    Integer channels;

    @Option(names = "--epochs", description = "Most epochs (default: the architecture's).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Minibatch size (default: the architecture's).")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Adam learning rate (default: the architecture's).")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for split, shuffling, augmentation and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--patience", description = "Early-stopping patience in epochs, 0 = off (default: the architecture's).")
    Integer patience;

    @Option(names = "--augment", negatable = true, description = "Flip and shift training images (default: the architecture's).")
    Boolean augment;

    @Option(names = "--lr-plateau-patience", defaultValue = "0", description = "Cut the learning rate after this many epochs"
            + " without a better validation loss, instead of the architecture's per-epoch decay; 0 = off (default: ${DEFAULT-VALUE}).")
    int plateauPatience;

    @Option(names = "--lr-plateau-factor", defaultValue = "0.5", description = "What a plateau multiplies the learning rate by"
            + " (default: ${DEFAULT-VALUE}).")
    double plateauFactor;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "ε: train against 1-ε+ε/K and ε/K instead of 1 and 0"
            + " (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--erase", defaultValue = "0", description = "Chance of random erasing (a rectangle of noise) per augmented"
            + " training image (default: ${DEFAULT-VALUE}).")
    double erase;

    @Option(names = "--quarantine", description = "Move rejected files into this folder (default: leave them).")
    Path quarantine;

    @Option(names = "--min-side", defaultValue = "32", description = "Reject images narrower or shorter than this (default: ${DEFAULT-VALUE}).")
    int minSide;

    @Mixin
    ImageLimitOptions limits = new ImageLimitOptions();

    @Option(names = "--parity-tolerance", defaultValue = "1e-4", description = "Largest DL4J vs ONNX difference accepted (default: ${DEFAULT-VALUE}).")
    double parityTolerance;

    @Option(names = "--crop", defaultValue = "none",
            description = {"none (the whole image) or face: the largest face found by OpenCV's cascades, with a margin,"
                    + " recorded in the model card so the streamer crops the same way; an image without a face is used"
                    + " whole (default: ${DEFAULT-VALUE})."})
    String crop;

    /**
     * The margin `--crop face` records, with the detector settings measured in docs/training.md
     * ("Face detection"). The margin is a starting point (brows and chin inside the crop), not yet
     * chosen by measurement.
     */
    static final double FACE_MARGIN = 0.2;

    /** Plateau cuts stop at a thousandth of the default rate, so that a long run does not cut to nothing. */
    static final double MIN_RATE = 1e-6;

    @Option(names = "--no-face", defaultValue = FaceCropSpec.NO_FACE_WHOLE_IMAGE, description = "With --crop face, what becomes of an"
            + " image without a face: whole-image (trained on whole, and served whole) or dead-letter (left out of training, as"
            + " clean reports it, and refused as NO_FACE when served) (default: ${DEFAULT-VALUE}).")
    String noFace;

    @Option(names = "--init-from", description = "An earlier run's output folder: start from its trained network (model.zip)"
            + " instead of new weights, at --learning-rate (fine-tuning on DATA). Its card must name the same architecture,"
            + " labels, input size, channels and crop.")
    Path initFrom;

    @Option(names = "--refit", description = "An earlier run's output folder: train on its training and validation images"
            + " together, with the learning rate of each of its epochs up to its best, for that many epochs; no validation,"
            + " no early stopping. Give the same data, seed and recipe; the split must come out the same.")
    Path refit;

    @Option(names = "--tta", description = "Test-time augmentation written into the model card: none, or hflip (score each"
            + " image and its mirror, average) (default: hflip when training flips images, none otherwise).")
    String tta;

    @Override
    public Integer call() throws Exception {
        TrainRequest request = request();
        TrainingPipeline.Outcome outcome = new TrainingPipeline(request, System.out, TrainingProgress.forConsole(System.out)).run();
        System.out.printf(Locale.ROOT, "done: %s (test accuracy %.4f)%n", outcome.onnx(), outcome.evaluation().metrics().accuracy());
        return 0;
    }

    /** What training and serving do with an image without a face; the fallback is only set by {@code bundle}. */
    private String noFace() {
        if (!noFace.equals(FaceCropSpec.NO_FACE_WHOLE_IMAGE) && !noFace.equals(FaceCropSpec.NO_FACE_DEAD_LETTER)) {
            throw new IllegalArgumentException("--no-face must be " + FaceCropSpec.NO_FACE_WHOLE_IMAGE + " or "
                    + FaceCropSpec.NO_FACE_DEAD_LETTER + ", got '" + noFace + "' (a fallback model is added by './moodstream bundle')");
        }
        return noFace;
    }

    /**
     * hflip by default, as measured on FER-2013's validation split (docs/training.md), but only for a
     * network trained on mirrored images: one that never saw a mirror was not measured with one.
     */
    private TestTimeAugmentation tta(boolean flipsTrainingImages) {
        if (tta != null) {
            return TestTimeAugmentation.parse(tta);
        }
        return flipsTrainingImages ? TestTimeAugmentation.HFLIP : TestTimeAugmentation.NONE;
    }

    TrainRequest request() {
        Architecture arch = Architecture.parse(architecture);
        PreprocessingSpec base = arch.defaultInput();
        PreprocessingSpec whole = PreprocessingSpec.of(size == null ? base.width() : size, size == null ? base.height() : size,
                channels == null ? base.channels() : channels);
        PreprocessingSpec input = switch (crop) {
            case PreprocessingSpec.CROP_NONE -> whole;
            case PreprocessingSpec.CROP_FACE -> whole.withFaceCrop(new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE,
                    FaceDetectorSettings.DEFAULT, FACE_MARGIN, (double) whole.width() / whole.height(), noFace()));
            default -> throw new IllegalArgumentException("--crop must be none or face, got '" + crop + "'");
        };
        if (!input.cropsFaces() && !noFace.equals(FaceCropSpec.NO_FACE_WHOLE_IMAGE)) {
            throw new IllegalArgumentException("--no-face " + noFace + " needs --crop face: without a crop every image is used whole");
        }
        if (initFrom != null && refit != null) {
            throw new IllegalArgumentException("--init-from and --refit do not go together: a refit starts from new weights,"
                    + " as the run it replays did");
        }
        boolean augments = augment == null ? arch.defaultAugment() : augment;
        if (refit != null && refit.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--refit " + refit + " is the --out folder: the refit would overwrite the run it"
                    + " replays; give another --out");
        }
        Optional<Refit> replayed = Optional.ofNullable(refit).map(Refit::read);
        if (replayed.isPresent() && (epochs != null || patience != null || plateauPatience != 0)) {
            throw new IllegalArgumentException("--refit replays " + refit + "'s epochs and rates without validation:"
                    + " drop --epochs, --patience and --lr-plateau-patience");
        }
        TrainingOptions training = new TrainingOptions(
                replayed.map(Refit::bestEpoch).orElse(epochs == null ? arch.defaultEpochs() : epochs),
                batchSize == null ? arch.defaultBatchSize() : batchSize,
                seed,
                replayed.isPresent() ? 0 : patience == null ? arch.defaultPatience() : patience,
                augments,
                arch.output(),
                learningRate == null ? arch.defaultLearningRate() : learningRate,
                plateauPatience == 0 ? Optional.empty() : Optional.of(new LearningRatePlateau(plateauFactor, plateauPatience, MIN_RATE)),
                labelSmoothing,
                erase,
                replayed.map(Refit::rates).orElse(List.of()));
        return new TrainRequest(data, Optional.ofNullable(testData), out, arch, input, training,
                Optional.ofNullable(quarantine), minSide, limits.limits(), parityTolerance, tta(augments), replayed,
                Optional.ofNullable(initFrom));
    }
}
