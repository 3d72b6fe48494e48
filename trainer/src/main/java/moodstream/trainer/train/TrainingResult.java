package moodstream.trainer.train;

import java.util.List;

/**
 * @param history      every epoch run
 * @param bestEpoch    the epoch whose weights the network now holds (lowest validation loss)
 * @param stoppedEarly whether patience ran out before the last epoch
 * @param seconds      wall time of the whole training
 */
public record TrainingResult(List<EpochMetrics> history, int bestEpoch, boolean stoppedEarly, double seconds) {
    public EpochMetrics best() {
        return history.get(bestEpoch - 1);
    }
}
