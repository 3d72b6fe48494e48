package moodstream.sandbox.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import moodstream.core.Sha256;
import moodstream.core.split.SplitManifest;
import moodstream.core.testing.TestImages;

/** A labelled data folder of generated images and the split file a trainer would have written for it. */
final class DemoFixtures {
    private DemoFixtures() {
    }

    /** {@code perLabel} noise PNGs under data/happy and data/sad; the last {@code test} of each are the test split. */
    static List<SplitManifest.Entry> dataWithSplit(Path data, Path models, int perLabel, int test) throws IOException {
        List<SplitManifest.Entry> entries = new ArrayList<>();
        long seed = 1;
        for (String label : List.of("happy", "sad")) {
            Files.createDirectories(data.resolve(label));
            for (int i = 0; i < perLabel; i++) {
                byte[] png = TestImages.png(TestImages.noise(40, 40, seed++));
                String relative = label + "/img" + i + ".png";
                Files.write(data.resolve(relative), png);
                String split = i >= perLabel - test ? SplitManifest.TEST : SplitManifest.TRAIN;
                entries.add(new SplitManifest.Entry(split, label, Sha256.hex(png), relative));
            }
        }
        Files.createDirectories(models);
        Files.writeString(models.resolve(DemoModel.SPLIT_FILE), SplitManifest.format(entries));
        return entries;
    }
}
