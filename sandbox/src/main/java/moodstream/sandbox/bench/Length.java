package moodstream.sandbox.bench;

/**
 * How long one measurement runs: either a time (rounded up to whole passes) or a number of passes over the image set.
 * Exactly one of the two is positive.
 */
record Length(double seconds, int passes) {
    Length {
        if ((seconds > 0) == (passes > 0)) {
            throw new IllegalArgumentException("give either --seconds or --repeat, as a positive number");
        }
    }

    static Length ofSeconds(double seconds) {
        return new Length(seconds, 0);
    }

    static Length ofPasses(int passes) {
        return new Length(0, passes);
    }

    boolean timed() {
        return seconds > 0;
    }

    /**
     * Images to send for a run at about {@code perSecond}: the passes, or enough whole passes to
     * last the time. Whole passes because photos differ a lot in size, and measurements compared
     * with each other must have decoded the same mix.
     */
    long images(double perSecond, int setSize) {
        return timed() ? roundUpToPasses(Math.max(1, Math.round(perSecond * seconds)), setSize) : (long) passes * setSize;
    }

    /** The smallest whole number of passes that holds {@code images} (at least one pass). */
    static long roundUpToPasses(long images, int setSize) {
        return Math.max(1, (images + setSize - 1) / setSize) * setSize;
    }

    String describe() {
        return timed() ? seconds + " s" : passes + " pass(es)";
    }
}
