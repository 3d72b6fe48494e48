package moodstream.trainer.synth;

/** What a synthetic face shows; {@link #label()} is its folder name, the label training sees. */
public enum Expression {
    /** A smile: the mouth's middle is lower than its corners. */
    HAPPY("happy", 1),
    /** A frown: the mouth's middle is higher than its corners. */
    SAD("sad", -1);

    private final String label;
    private final int mouthSign;

    Expression(String label, int mouthSign) {
        this.label = label;
        this.mouthSign = mouthSign;
    }

    public String label() {
        return label;
    }

    /** +1 when the mouth's middle sits below its corners (image y grows downwards), -1 above. */
    int mouthSign() {
        return mouthSign;
    }
}
