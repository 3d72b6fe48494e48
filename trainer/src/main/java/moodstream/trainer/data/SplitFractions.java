package moodstream.trainer.data;

/**
 * The share of each class that goes to training, validation and test. Train and validation
 * must be positive (every such split gets at least one image of every class); test may be 0
 * when the test images come from elsewhere (an official test set). They must sum to 1.
 */
public record SplitFractions(double train, double validation, double test) {
    public static final SplitFractions DEFAULT = new SplitFractions(0.7, 0.2, 0.1);
    /** Training and validation only, in the default's 70:20 proportion, for a separate test set. */
    public static final SplitFractions NO_TEST = new SplitFractions(0.7 / 0.9, 0.2 / 0.9, 0.0);

    public SplitFractions {
        if (!(train > 0 && validation > 0 && test >= 0)) {
            throw new IllegalArgumentException("train and validation fractions must be positive and test not negative, got train=" + train
                    + " validation=" + validation + " test=" + test);
        }
        if (Math.abs(train + validation + test - 1.0) > 1e-6) {
            throw new IllegalArgumentException("split fractions must sum to 1, got train=" + train
                    + " validation=" + validation + " test=" + test + " (sum " + (train + validation + test) + ")");
        }
    }
}
