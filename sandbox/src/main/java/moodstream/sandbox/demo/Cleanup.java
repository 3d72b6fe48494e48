package moodstream.sandbox.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the demo must undo, undone in reverse order exactly once: by the normal end of the
 * demo or by the Ctrl-C shutdown hook, whichever comes first. Hand-written because it is a
 * stack of closeables with a once-only guard; Guava's Closer is not on the streamer's path.
 */
final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> undo = new ArrayDeque<>();
    private boolean closed;

    /** Registers {@code resource} and returns it; if already closed (Ctrl-C came first), closes it at once. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new DemoInterruptedException();
        }
        undo.push(resource);
        return resource;
    }

    /** Forgets {@code resource} (closed by its owner already). */
    synchronized void remove(AutoCloseable resource) {
        undo.remove(resource);
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!undo.isEmpty()) {
            closeQuietly(undo.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("demo: while cleaning up: " + e);
        }
    }

    /** Thrown into the demo's main thread when the cleanup (Ctrl-C) has already begun. */
    static final class DemoInterruptedException extends RuntimeException {
        DemoInterruptedException() {
            super("interrupted");
        }
    }
}
