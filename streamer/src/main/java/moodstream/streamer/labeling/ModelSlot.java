package moodstream.streamer.labeling;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import moodstream.core.inference.ImageClassifier;

/**
 * The model the labelers serve now, swapped atomically by a reload. A labeler {@link #acquire}s
 * the model for one record or one batch and releases it after; a swapped-out model is closed
 * when its last user releases it, so no inference ever runs on a closed session and no record
 * is labelled half by one model and half by another.
 */
public final class ModelSlot implements AutoCloseable {
    /** One loaded model and who is using it. */
    public static final class Served {
        private final ImageClassifier classifier;
        private final LabelMessage.Model model;
        private final Instant loadedAt;
        private final AtomicInteger users = new AtomicInteger();
        private final AtomicBoolean retired = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Served(ImageClassifier classifier, Instant loadedAt) {
            this.classifier = classifier;
            this.model = new LabelMessage.Model(classifier.card().name(), classifier.card().version(), classifier.model().sha256());
            this.loadedAt = loadedAt;
        }

        public ImageClassifier classifier() {
            return classifier;
        }

        /** What each label says about the model. */
        public LabelMessage.Model model() {
            return model;
        }

        public Instant loadedAt() {
            return loadedAt;
        }

        private void closeIfUnused() {
            if (retired.get() && users.get() == 0 && closed.compareAndSet(false, true)) {
                classifier.close();
            }
        }
    }

    private final AtomicReference<Served> current;

    public ModelSlot(ImageClassifier first, Instant loadedAt) {
        this.current = new AtomicReference<>(new Served(first, loadedAt));
    }

    /** The model now, without taking it for use: for status and metrics. */
    public Served peek() {
        return current.get();
    }

    /** Takes the current model for one unit of work; {@link #release} it in a finally block. */
    public Served acquire() {
        while (true) {
            Served s = current.get();
            s.users.incrementAndGet();
            if (current.get() == s) {
                return s;
            }
            // Swapped between the read and the count: give it back (closing it if it was the last use) and take the new one.
            release(s);
        }
    }

    public void release(Served served) {
        served.users.decrementAndGet();
        served.closeIfUnused();
    }

    /** Serves {@code next} from the next acquire on; the previous model closes once its last user is done. */
    public Served swap(ImageClassifier next, Instant loadedAt) {
        Served fresh = new Served(next, loadedAt);
        Served old = current.getAndSet(fresh);
        old.retired.set(true);
        old.closeIfUnused();
        return old;
    }

    @Override
    public void close() {
        Served last = current.get();
        last.retired.set(true);
        last.closeIfUnused();
    }
}
