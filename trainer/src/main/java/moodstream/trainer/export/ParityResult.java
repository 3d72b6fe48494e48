package moodstream.trainer.export;

/**
 * Outcome of comparing DL4J's and ONNX Runtime's outputs on the same input.
 *
 * @param maxAbsDiff largest absolute difference over all compared values; NaN if either side
 *     produced a NaN anywhere (such a result never passes)
 * @param values how many output values were compared
 * @param tolerance the largest difference that still counts as equal
 */
public record ParityResult(double maxAbsDiff, long values, double tolerance) {

    /** Also false when nothing was compared: an empty comparison proves nothing. */
    public boolean passed() {
        return values > 0 && maxAbsDiff <= tolerance;
    }

    /** Returns this result, or throws if the exported model does not match DL4J. */
    public ParityResult requirePassed() {
        if (!passed()) {
            throw new ParityCheckFailedException(
                    "ONNX export does not match DL4J: max abs diff " + maxAbsDiff + " over " + values
                            + " values exceeds tolerance " + tolerance);
        }
        return this;
    }
}
