package moodstream.core.inference;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's process-wide environment, plus a clean-up it forgets. ONNX Runtime unpacks
 * its native libraries into {@code java.io.tmpdir/onnxruntime-java*} and marks the folder for
 * deletion on exit before its files, so the JVM tries the folder first, while it is not empty
 * yet, and every run leaves an empty folder behind. Here a shutdown hook deletes the folder
 * with its files (harmless on Linux and macOS: the loaded libraries stay mapped).
 */
public final class OrtRuntime {
    private static final Logger log = LoggerFactory.getLogger(OrtRuntime.class);

    private OrtRuntime() {
    }

    /** The environment, with the clean-up registered once per JVM. */
    public static OrtEnvironment environment() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        TempFolderCleanup.ensureRegistered();
        return env;
    }

    /** Class-initialisation runs this once, after ONNX Runtime has unpacked itself. */
    private static final class TempFolderCleanup {
        static {
            try {
                Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
                field.setAccessible(true);
                if (field.get(null) instanceof Path folder) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder), "onnxruntime-temp-cleanup"));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Another ONNX Runtime version without that field: its own clean-up is all there is.
                log.debug("cannot find ONNX Runtime's temporary folder to clean up: {}", e.toString());
            }
        }

        static void ensureRegistered() {
            // Loading the class is the point.
        }

        private static void deleteQuietly(Path folder) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // Shutting down; the folder is in the temp area, where the OS cleans up eventually.
            }
        }
    }
}
