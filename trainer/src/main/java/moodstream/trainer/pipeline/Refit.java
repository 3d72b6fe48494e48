package moodstream.trainer.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import moodstream.trainer.data.DatasetException;
import moodstream.trainer.train.EpochMetrics;
import moodstream.trainer.train.TrainingHistory;

/**
 * What {@code train --refit RUN} takes from an earlier run: the learning rate of each of its epochs
 * up to its best (by validation loss, as the trainer picked it), and its {@code split.csv}, which
 * the refit's own split must equal. A refit then trains on that run's training and validation
 * images together, with those rates, for that many epochs: the validation split chose the
 * schedule and the epoch, and its images become training data (docs/training.md, recipe step 11).
 *
 * @param run       the earlier run's output folder
 * @param bestEpoch its best epoch, the refit's epoch count
 * @param rates     the rate of each epoch from 1 to {@code bestEpoch}
 */
public record Refit(Path run, int bestEpoch, List<Double> rates) {
    static final String METRICS = "metrics.json";
    static final String SPLIT = "split.csv";

    public Refit {
        rates = List.copyOf(rates);
    }

    /**
     * @throws DatasetException when the folder lacks the files of a finished run, or they hold no
     *                          validated epoch
     */
    public static Refit read(Path run) {
        Path metrics = run.resolve(METRICS);
        List<EpochMetrics> history;
        try {
            history = TrainingHistory.readJson(metrics);
        } catch (NoSuchFileException e) {
            throw new DatasetException("--refit " + run + " has no " + METRICS + ": give the output folder of a finished"
                    + " './moodstream train' run", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + metrics + " (" + e.getMessage() + "): give the output folder of a"
                    + " finished './moodstream train' run", e);
        }
        if (!Files.isRegularFile(run.resolve(SPLIT))) {
            throw new DatasetException("--refit " + run + " has no " + SPLIT + ": give the output folder of a finished"
                    + " './moodstream train' run");
        }
        // The trainer's rule: the first epoch with the lowest validation loss.
        int best = 0;
        for (int i = 0; i < history.size(); i++) {
            double loss = history.get(i).validationLoss();
            if (!Double.isNaN(loss) && (best == 0 || loss < history.get(best - 1).validationLoss())) {
                best = i + 1;
            }
        }
        if (best == 0) {
            throw new DatasetException(metrics + " has no epoch with a validation loss: a refit replays a run that had a"
                    + " validation split (a refit of a refit has none)");
        }
        return new Refit(run, best, history.subList(0, best).stream().map(EpochMetrics::learningRate).toList());
    }

    Path splitFile() {
        return run.resolve(SPLIT);
    }
}
