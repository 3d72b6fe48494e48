package moodstream.streamer.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the model file's modification time and size and reloads once a change has held still for
 * one interval (a copy in progress is not loaded half-written). Polling rather than the JDK's
 * WatchService: inotify events do not cross the bind mounts and volumes a model file usually
 * comes from in a container, and a few stats a minute cost nothing.
 */
public final class ModelFileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelFileWatcher.class);

    private record Stamp(long modifiedMillis, long size) {
    }

    private final Path file;
    private final ModelReloader reloader;
    private final ScheduledExecutorService timer;
    private Stamp loaded;
    private Stamp seen;

    public ModelFileWatcher(Path file, ModelReloader reloader, Duration interval) {
        this.file = file;
        this.reloader = reloader;
        this.loaded = stamp();
        this.seen = loaded;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "moodstream-model-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            Stamp now = stamp();
            boolean settled = Objects.equals(now, seen);
            seen = now;
            if (now == null || !settled || now.equals(loaded)) {
                return;
            }
            loaded = now;
            ModelReloader.Result result = reloader.reload();
            log.info("{} changed: {}", file, result.outcome());
        } catch (RuntimeException e) {
            // The watcher must outlive one bad check: the next change may be the good file.
            log.error("checking {} for a new model failed: {}", file, e.toString());
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return null; // being replaced, or gone: the next poll sees what is there
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
