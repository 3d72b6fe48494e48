package moodstream.sandbox.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import moodstream.core.Sha256;
import moodstream.core.split.InvalidSplitManifestException;
import moodstream.core.split.SplitManifest;

/**
 * The model folder the demo serves from, and whether its model was trained on the demo's data.
 * A model fits when its {@code split.csv} test images are all in the data folder with the same
 * bytes: then they were held out from its training, and its accuracy on them means something.
 *
 * @param folder the trainer's output folder ({@code models/} by default)
 */
record DemoModel(Path folder) {
    static final String MODEL_FILE = "model.onnx";
    static final String SPLIT_FILE = "split.csv";

    Path onnx() {
        return folder.resolve(MODEL_FILE);
    }

    /** Why a new model must be trained for {@code data}, or empty when the one here fits it. */
    Optional<String> unfitFor(Path data) {
        if (!Files.isRegularFile(onnx())) {
            return Optional.of("there is no model in " + folder);
        }
        List<SplitManifest.Entry> test;
        try {
            test = entries(data).stream().filter(e -> SplitManifest.TEST.equals(e.split())).toList();
        } catch (InvalidSplitManifestException e) {
            return Optional.of("its split file cannot be used (" + e.getMessage() + ")");
        }
        if (test.isEmpty()) {
            return Optional.of("its split file " + folder.resolve(SPLIT_FILE) + " lists no test images");
        }
        for (SplitManifest.Entry entry : test) {
            try {
                if (!Sha256.hex(Files.readAllBytes(entry.resolve(data))).equals(entry.sha256())) {
                    return Optional.of("it was trained on other data: test image " + entry.relativePath() + " differs in " + data);
                }
            } catch (NoSuchFileException e) {
                return Optional.of("it was trained on other data: test image " + entry.relativePath() + " is not in " + data);
            } catch (IOException e) {
                return Optional.of("test image " + entry.resolve(data) + " cannot be read (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /** The model's held-out test images under {@code data}, in split-file order. */
    List<DemoImage> testImages(Path data) {
        return entries(data).stream().filter(e -> SplitManifest.TEST.equals(e.split()))
                .map(e -> new DemoImage(e.resolve(data), e.relativePath(), e.label())).toList();
    }

    private List<SplitManifest.Entry> entries(Path data) {
        return SplitManifest.read(folder.resolve(SPLIT_FILE), data);
    }

    /**
     * Moves a finished training run from {@code staging} into this folder. The old model goes
     * first and the new one comes last, so an interruption in between leaves no model (and the
     * next demo trains again), never a model next to another model's split file.
     */
    void install(Path staging) {
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(onnx());
            List<Path> files = new ArrayList<>();
            try (Stream<Path> listed = Files.list(staging)) {
                listed.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(MODEL_FILE)).forEach(files::add);
            }
            files.add(staging.resolve(MODEL_FILE));
            for (Path file : files) {
                Files.move(file, folder.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the trained model from " + staging + " into " + folder + ": " + e, e);
        }
    }
}
