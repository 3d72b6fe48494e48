package moodstream.trainer.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import moodstream.core.cli.ModelOptions;
import moodstream.core.face.CropRegion;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moodstream predict IMAGE...}: labels files through the ONNX model and core's
 * preprocessing, the streamer's path. A bad file is reported and the rest still run.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Label image files with an exported model.")
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--json", description = "Print one JSON object per image instead of a table.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (ImageClassifier classifier = ImageClassifier.open(model.model(), model.inference(), ImageLimits.DEFAULT, model.noFace())) {
            boolean faceAware = classifier.card().preprocessing().cropsFaces();
            for (Path image : images) {
                try {
                    PreprocessedImage input = classifier.preprocessor().preprocess(Files.readAllBytes(image));
                    Classification c = classifier.classify(input);
                    if (json) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("image", image.toString());
                        row.put("label", c.label());
                        row.put("score", c.score());
                        row.put("scores", c.scores());
                        // As in the streamer's label JSON: the face the model saw, or null for the whole image,
                        // and which way the image went (face, face+fallback, whole-image or fallback).
                        row.put("face", input.face());
                        row.put("path", input.path());
                        System.out.println(mapper.writeValueAsString(row));
                    } else {
                        System.out.printf(Locale.ROOT, "%s\t%s\t%.4f\t%s%n", image, c.label(), c.score(), describe(input, faceAware));
                    }
                } catch (InvalidImageException e) {
                    failed++;
                    err.printf(Locale.ROOT, "error: %s: %s (%s)%n", image, e.getMessage(), e.error());
                } catch (IOException e) {
                    failed++;
                    err.printf(Locale.ROOT, "error: %s cannot be read: %s%n", image, e);
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** The table's last column: which part of the image the label is about. */
    private static String describe(PreprocessedImage input, boolean faceAware) {
        CropRegion face = input.face();
        if (face != null) {
            return String.format(Locale.ROOT, "face %dx%d at %d,%d", face.width(), face.height(), face.x(), face.y())
                    + (input.scene() != null ? ", averaged with the fallback model on the whole image" : "");
        }
        if (input.fallback()) {
            return "no face found: whole image, fallback model";
        }
        return faceAware ? "no face found: whole image" : "whole image";
    }
}
