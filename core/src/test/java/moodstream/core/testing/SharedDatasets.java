package moodstream.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real data sets for tests. One setting: the system property
 * {@code moodstream.datasets} or the environment variable {@code MOODSTREAM_DATASETS},
 * defaulting to {@code ../shared/datasets}. A missing data set skips the test with the
 * reason, except under {@code CI=true}, where it fails: CI must never pass by skipping.
 */
public final class SharedDatasets {
    private SharedDatasets() {
    }

    public static Path root() {
        String configured = System.getProperty("moodstream.datasets");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("MOODSTREAM_DATASETS");
        }
        if (configured == null || configured.isBlank()) {
            configured = "../shared/datasets";
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /** The named data set's folder, or a skip (a failure on CI) that says why. */
    public static Path require(String name) {
        Path dir = root().resolve(name);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        String why = "data set '" + name + "' not found at " + dir
                + " (set -Dmoodstream.datasets=DIR or MOODSTREAM_DATASETS to the folder holding it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + why);
        }
        Assumptions.abort("skipped: " + why);
        throw new IllegalStateException("unreachable");
    }
}
