package moodstream.trainer.data;

/**
 * The share of each class that goes to training, validation and test. Each must be
 * positive (every split gets at least one image of every class) and they must sum to 1.
 */
public record SplitFractions(double train, double validation, double test) {
    public static final SplitFractions DEFAULT = new SplitFractions(0.7, 0.2, 0.1);

    public SplitFractions {
        if (!(train > 0 && validation > 0 && test > 0)) {
            throw new IllegalArgumentException("split fractions must all be positive, got train=" + train
                    + " validation=" + validation + " test=" + test);
        }
        if (Math.abs(train + validation + test - 1.0) > 1e-6) {
            throw new IllegalArgumentException("split fractions must sum to 1, got train=" + train
                    + " validation=" + validation + " test=" + test + " (sum " + (train + validation + test) + ")");
        }
    }
}
