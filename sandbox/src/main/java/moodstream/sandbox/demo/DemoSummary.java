package moodstream.sandbox.demo;

import java.util.Locale;

/**
 * How the demo's run went.
 *
 * @param published    images sent
 * @param labelled     labels received
 * @param correct      labels equal to the image's folder name
 * @param deadLettered images the streamer dead-lettered
 * @param seconds      from the first image sent to the last answer received
 * @param p50Ms        median publish-to-label latency
 * @param p99Ms        99th percentile of it
 */
record DemoSummary(int published, int labelled, int correct, int deadLettered, double seconds, long p50Ms, long p99Ms) {

    /** Images that got neither a label nor a dead letter before the wait ended. */
    int missing() {
        return published - labelled - deadLettered;
    }

    boolean complete() {
        return missing() == 0;
    }

    String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "summary: %d images published, %d labelled, %d dead-lettered%s%n", published, labelled,
                deadLettered, complete() ? "" : ", " + missing() + " MISSING (no answer before the timeout)"));
        if (labelled > 0) {
            s.append(String.format(Locale.ROOT, "  accuracy against the folder labels: %.3f (%d of %d)%n",
                    (double) correct / labelled, correct, labelled));
        }
        if (seconds > 0) {
            s.append(String.format(Locale.ROOT, "  throughput: %.1f images/s (first image sent to last answer, %.2f s)%n",
                    (labelled + deadLettered) / seconds, seconds));
        }
        s.append(String.format(Locale.ROOT, "  latency, publish to label: p50 %d ms, p99 %d ms%n", p50Ms, p99Ms));
        return s.toString();
    }
}
