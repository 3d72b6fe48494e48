package moodstream.trainer.data;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.image.ImageLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code moodstream clean}: report (and optionally quarantine) the files training would skip. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Check DATA/<label>/ folders: non-images, corrupt, too small, duplicates, label conflicts.")
public final class CleanCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "data", description = "Folder with one sub-folder of images per label (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--quarantine", description = "Move rejected files into this folder (default: only report).")
    Path quarantine;

    @Option(names = "--min-side", defaultValue = "32", description = "Reject images narrower or shorter than this (default: ${DEFAULT-VALUE}).")
    int minSide;

    @Option(names = "--report", description = "Also write the report as JSON to this file.")
    Path report;

    @Override
    public Integer call() throws Exception {
        CleanReport result = new DatasetCleaner(new CleanOptions(ImageLimits.DEFAULT, minSide, Optional.ofNullable(quarantine)))
                .clean(data);
        System.out.print(result.summary());
        if (report != null) {
            result.writeJson(report);
        }
        return 0;
    }
}
