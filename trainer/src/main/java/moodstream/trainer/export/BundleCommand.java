package moodstream.trainer.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.card.ModelCard;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.cli.RuntimeOptions;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.ModelLoadException;
import moodstream.core.inference.OnnxModel;
import moodstream.trainer.TrainerCli;
import moodstream.trainer.io.AtomicFiles;
import onnx.Onnx.ModelProto;
import onnx.Onnx.StringStringEntryProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code moodstream bundle --face F --fallback W --out DIR}: one model folder in which the face
 * model {@code F} labels images with a face and the whole-image model {@code W} those without
 * (with {@code --blend-faces}, photos with a face too, averaged with {@code F}).
 * DIR gets {@code fallback.onnx} (W's bytes, unchanged) and {@code model.onnx} (F's network with
 * its card changed to {@code noFace: fallback} and W's file name and SHA-256), and
 * {@code model-card.json}. Serving ({@link ImageClassifier#open}) loads the pair and refuses a
 * fallback file that is not the one the card names.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Pair a face model with a whole-image model for the images where no face is found.")
public final class BundleCommand implements Callable<Integer> {
    static final String FALLBACK_FILE = "fallback.onnx";

    @Option(names = "--face", required = true, description = "The face model (its card crops faces).")
    Path face;

    @Option(names = "--fallback", required = true, description = "The whole-image model, trained with --crop none.")
    Path fallback;

    @Option(names = "--out", required = true, description = "The folder to write model.onnx and fallback.onnx to.")
    Path out;

    @Option(names = "--fallback-min-side", description = "The shorter side in pixels an image without a face needs to go to"
            + " the fallback; smaller ones are face crops the detector missed, classified whole by the face model"
            + " (default: twice the face model's input side, 96 for 48x48).")
    Integer minSide;

    @Option(names = "--fallback-color-only", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep gray images without a face with the face model: face crops are often gray, photos of scenes"
            + " rarely (default: ${DEFAULT-VALUE}).")
    boolean colorOnly;

    @Option(names = "--blend-faces", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Label a photo with a face that the fallback would take (by the two rules above) with both networks,"
            + " their probabilities averaged: the face network sees the crop, the fallback the whole scene"
            + " (default: ${DEFAULT-VALUE}).")
    boolean blendFaces;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        for (Path given : List.of(face, fallback)) {
            if (!Files.isRegularFile(given)) {
                err.println("error: " + (given == face ? "--face " : "--fallback ") + given + " is not a file: give an exported"
                        + " model.onnx (" + (given == face ? "'./moodstream train --crop face'" : "'./moodstream train --crop none'") + ")");
                return TrainerCli.USER_ERROR;
            }
        }
        ModelCardCodec codec = new ModelCardCodec();
        ModelCard faceCard;
        try (OnnxModel faceModel = OnnxModel.load(face, runtime.inference());
             OnnxModel wholeModel = OnnxModel.load(fallback, runtime.inference())) {
            if (!faceModel.card().preprocessing().cropsFaces()) {
                err.println("error: " + face + " does not crop faces (its card says crop '" + faceModel.card().preprocessing().crop()
                        + "'): --face takes a model trained with --crop face");
                return TrainerCli.USER_ERROR;
            }
            if (wholeModel.card().preprocessing().cropsFaces()) {
                err.println("error: " + fallback + " crops faces: --fallback takes a model trained with --crop none");
                return TrainerCli.USER_ERROR;
            }
            if (!faceModel.card().labels().equals(wholeModel.card().labels())) {
                err.println("error: the two models label different classes: " + faceModel.card().labels() + " and "
                        + wholeModel.card().labels());
                return TrainerCli.USER_ERROR;
            }
            PreprocessingSpec input = faceModel.card().preprocessing();
            int side = minSide != null ? minSide : 2 * Math.max(input.width(), input.height());
            if (side < 0) {
                err.println("error: --fallback-min-side must be 0 or more, got " + side);
                return TrainerCli.USER_ERROR;
            }
            faceCard = faceModel.card().withFallback(new ModelCard.FallbackModel(FALLBACK_FILE, wholeModel.sha256(), side, colorOnly,
                    blendFaces));
        } catch (ModelLoadException e) {
            err.println("error: " + e.getMessage());
            return TrainerCli.USER_ERROR;
        }
        AtomicFiles.requireWritableDirectory(out);
        ModelProto original = ModelProto.parseFrom(Files.readAllBytes(face));
        Map<String, String> card = codec.toMetadata(faceCard);
        ModelProto.Builder proto = original.toBuilder().clearMetadataProps();
        for (StringStringEntryProto kept : original.getMetadataPropsList()) {
            if (!card.containsKey(kept.getKey())) {
                proto.addMetadataProps(kept);
            }
        }
        for (Map.Entry<String, String> e : card.entrySet()) {
            proto.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        // The fallback first: a model.onnx is never there without the file its card names.
        AtomicFiles.write(out.resolve(FALLBACK_FILE), Files.readAllBytes(fallback));
        AtomicFiles.write(out.resolve("model.onnx"), proto.build().toByteArray());
        AtomicFiles.writeString(out.resolve("model-card.json"), codec.toJson(faceCard));
        // Loaded back the way serving loads it: the pair must open, or the bundle is not done.
        try (ImageClassifier check = ImageClassifier.open(out.resolve("model.onnx"), runtime.inference(), ImageLimits.DEFAULT,
                Optional.empty())) {
            System.out.println("bundle: " + out.resolve("model.onnx") + " (faces: " + face.getFileName() + ") with "
                    + out.resolve(FALLBACK_FILE) + " for images without a face (SHA-256 " + check.fallback().orElseThrow().sha256()
                    + ") whose shorter side is at least " + faceCard.fallback().minSide() + " px"
                    + (faceCard.fallback().colorOnly() ? " and that are in colour" : "") + "; the others are classified whole by "
                    + face.getFileName() + (blendFaces ? "; such photos with a face are labelled by both, averaged" : ""));
        }
        return 0;
    }
}
