package moodstream.trainer.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import moodstream.trainer.io.AtomicFiles;

/** Per-epoch metrics as CSV (for spreadsheets) and JSON (for programs). */
public final class TrainingHistory {
    private TrainingHistory() {
    }

    public static void writeCsv(List<EpochMetrics> history, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_batch_loss,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,learning_rate\n");
        for (EpochMetrics m : history) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.6g%n", m.epoch(), m.trainBatchLoss(), m.trainLoss(),
                    m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(), m.seconds(), m.learningRate()));
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    public static void writeJson(List<EpochMetrics> history, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, mapper.writeValueAsBytes(history));
    }

    /** Reads what {@link #writeJson} wrote. */
    public static List<EpochMetrics> readJson(Path file) throws IOException {
        return new ObjectMapper().readValue(Files.readAllBytes(file), new TypeReference<List<EpochMetrics>>() { });
    }
}
