package moodstream.trainer.train;

import moodstream.core.card.ModelCard;

/**
 * @param epochs     the most epochs to run
 * @param batchSize  images per minibatch
 * @param seed       drives shuffling and augmentation (weights are seeded in the network config)
 * @param patience   epochs without a better validation loss before stopping; 0 disables early stopping
 * @param augment    flip and shift the training split
 * @param output     sigmoid or softmax, to shape the targets
 */
public record TrainingOptions(int epochs, int batchSize, long seed, int patience, boolean augment, ModelCard.OutputKind output) {
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be 0 (off) or more, got " + patience);
        }
    }
}
