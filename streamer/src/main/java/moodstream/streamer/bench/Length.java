package moodstream.streamer.bench;

/**
 * How long one measurement runs: either a time or a number of passes over the image set.
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

    /** Images to send for a run at about {@code perSecond}: enough to last the time, or the passes. */
    long images(double perSecond, int setSize) {
        return timed() ? Math.max(1, Math.round(perSecond * seconds)) : (long) passes * setSize;
    }

    String describe() {
        return timed() ? seconds + " s" : passes + " pass(es)";
    }
}
