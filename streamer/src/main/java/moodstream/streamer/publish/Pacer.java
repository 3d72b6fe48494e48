package moodstream.streamer.publish;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Sends on a fixed schedule: the i-th send is due at {@code start + i / rate}. The schedule is
 * absolute, not "sleep 1/rate after each send", so a slow send does not push every later one
 * back and the achieved rate stays the asked one. Used by {@code publish --rate}, and by the
 * sandbox's {@code demo} and {@code bench}.
 */
public final class Pacer {
    private final long startNanos;
    private final double intervalNanos;
    private final LongSupplier clock;

    public Pacer(double perSecond, long startNanos, LongSupplier clock) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + perSecond);
        }
        this.startNanos = startNanos;
        this.intervalNanos = 1e9 / perSecond;
        this.clock = clock;
    }

    public static Pacer startingNow(double perSecond) {
        return new Pacer(perSecond, System.nanoTime(), System::nanoTime);
    }

    /** When send {@code i} (from 0) is due, on the clock's scale. */
    public long dueNanos(long i) {
        return startNanos + Math.round(i * intervalNanos);
    }

    /** Waits until send {@code i} is due and returns that due time (not the time it woke). */
    public long awaitSlot(long i) {
        long due = dueNanos(i);
        for (long left = due - clock.getAsLong(); left > 0; left = due - clock.getAsLong()) {
            LockSupport.parkNanos(left);
        }
        return due;
    }
}
