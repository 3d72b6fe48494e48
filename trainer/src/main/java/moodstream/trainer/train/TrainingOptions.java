package moodstream.trainer.train;

import java.util.List;
import java.util.Optional;
import moodstream.core.card.ModelCard;

/**
 * @param epochs         the most epochs to run
 * @param batchSize      images per minibatch
 * @param seed           drives shuffling and augmentation (weights are seeded in the network config)
 * @param patience       epochs without a better validation loss before stopping; 0 disables early stopping
 * @param augment        flip and shift the training split
 * @param output         sigmoid or softmax, to shape the targets
 * @param learningRate   the starting rate, which {@code plateau} cuts from
 * @param plateau        learning rate on plateau instead of the architecture's schedule, if present
 * @param labelSmoothing ε: targets become 1 − ε + ε/K and ε/K (K classes; 2 for a sigmoid) instead of 1 and 0
 * @param erase          the chance that an augmented training image also gets a random rectangle
 *                       of noise (random erasing); 0 = never
 * @param replayedRates  per epoch, the rate to run it with, replayed from an earlier run ({@code train --refit});
 *                       empty = the plateau's or the architecture's schedule. When given it fixes the epochs, and
 *                       neither patience nor a plateau may be set: there is no validation to judge them by
 */
public record TrainingOptions(int epochs, int batchSize, long seed, int patience, boolean augment, ModelCard.OutputKind output,
                              double learningRate, Optional<LearningRatePlateau> plateau, double labelSmoothing, double erase,
                              List<Double> replayedRates) {
    public TrainingOptions {
        replayedRates = List.copyOf(replayedRates);
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be 0 (off) or more, got " + patience);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--learning-rate must be above 0, got " + learningRate);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
            throw new IllegalArgumentException("--label-smoothing must be at least 0 and below 0.5, got " + labelSmoothing);
        }
        if (!(erase >= 0 && erase <= 1)) {
            throw new IllegalArgumentException("--erase must be a probability from 0 to 1, got " + erase);
        }
        if (erase > 0 && !augment) {
            throw new IllegalArgumentException("--erase needs augmentation on (it is part of it); drop --no-augment or --erase");
        }
        if (!replayedRates.isEmpty()) {
            if (epochs != replayedRates.size()) {
                throw new IllegalArgumentException("a refit runs the " + replayedRates.size() + " epochs it replays, not " + epochs
                        + "; drop --epochs");
            }
            if (patience != 0 || plateau.isPresent()) {
                throw new IllegalArgumentException("a refit has no validation split to stop early or cut the rate by;"
                        + " drop --patience and --lr-plateau-patience");
            }
            if (replayedRates.stream().anyMatch(r -> !(r > 0))) {
                throw new IllegalArgumentException("replayed learning rates must all be above 0, got " + replayedRates);
            }
        }
    }

    /** Whether the rates are replayed from an earlier run (a refit). */
    public boolean replays() {
        return !replayedRates.isEmpty();
    }
}
