package moodstream.trainer.train;

/**
 * One epoch's numbers. Train and validation metrics are both measured in inference mode
 * (no dropout, no augmentation) after the epoch, so the two curves are comparable;
 * {@code trainBatchLoss} is the mean minibatch loss seen while fitting.
 */
public record EpochMetrics(
        int epoch,
        double trainBatchLoss,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double seconds) {
}
