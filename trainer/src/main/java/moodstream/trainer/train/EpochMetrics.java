package moodstream.trainer.train;

/**
 * One epoch's numbers. Train and validation metrics are both measured in inference mode
 * (no dropout, no augmentation) after the epoch, so the two curves are comparable;
 * {@code trainBatchLoss} is the mean minibatch loss seen while fitting (against the smoothed
 * targets, if label smoothing is on; the other losses are always against the true labels);
 * {@code learningRate} is the rate the epoch ran with.
 */
public record EpochMetrics(
        int epoch,
        double trainBatchLoss,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double seconds,
        double learningRate) {
}
