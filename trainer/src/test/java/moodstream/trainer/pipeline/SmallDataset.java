package moodstream.trainer.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import moodstream.core.testing.TestImages;

/** A labelled folder of a few PNGs per label, written by a test, and {@code train} arguments sized for it. */
record SmallDataset(Path folder) {
    static SmallDataset write(Path folder, int perLabel, BiFunction<String, Integer, BufferedImage> image) throws IOException {
        for (String label : List.of("happy", "sad")) {
            Files.createDirectories(folder.resolve(label));
            for (int i = 0; i < perLabel; i++) {
                Files.write(folder.resolve(label).resolve("img" + i + ".png"), TestImages.png(image.apply(label, i)));
            }
        }
        return new SmallDataset(folder);
    }

    /** {@code train} on this folder into {@code out}: 16x16 inputs, batches of 8, the images' own 24 px allowed. */
    String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", folder.toString(), "--out", out.toString(),
                "--size", "16", "--batch-size", "8", "--min-side", "16"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
