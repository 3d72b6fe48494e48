package moodstream.trainer.train;

import java.util.OptionalDouble;

/**
 * Learning rate on plateau: keep the rate until validation loss has not improved for
 * {@code patience} epochs, then multiply it by {@code factor}, never below {@code minRate}.
 * It replaces the architecture's per-epoch decay, which shrinks the rate on a clock whether or
 * not the network is still learning (the shipped model's best epoch was its last, at a tenth of
 * the starting rate and falling).
 *
 * <p>DL4J has schedules by iteration or epoch but none driven by a metric, so the trainer calls
 * {@link #afterEpoch} and sets the rate it returns.
 *
 * @param factor   what the rate is multiplied by at a plateau, in (0, 1)
 * @param patience epochs without a better validation loss before a cut, at least 1
 * @param minRate  the rate is never cut below this
 */
public record LearningRatePlateau(double factor, int patience, double minRate) {
    public LearningRatePlateau {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("--lr-plateau-factor must be between 0 and 1 (exclusive), got " + factor);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("--lr-plateau-patience must be at least 1, got " + patience);
        }
        if (!(minRate >= 0)) {
            throw new IllegalArgumentException("the smallest learning rate must be 0 or more, got " + minRate);
        }
    }

    /**
     * @param rate              the rate the epoch ran with
     * @param epochsSinceChange epochs since the last better validation loss or the last cut,
     *                          whichever is later, counting this one
     * @return the cut rate when this epoch ends a plateau, empty when the rate stays
     */
    public OptionalDouble afterEpoch(double rate, int epochsSinceChange) {
        if (epochsSinceChange < patience || rate <= minRate) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(minRate, rate * factor));
    }
}
