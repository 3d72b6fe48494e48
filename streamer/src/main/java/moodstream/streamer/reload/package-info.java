/**
 * A new model without a restart: {@link moodstream.streamer.reload.ModelReloader} loads and checks
 * a model file off the stream threads and swaps it into the labelers'
 * {@link moodstream.streamer.labeling.ModelSlot}; {@link moodstream.streamer.reload.ModelFileWatcher}
 * calls it when the {@code --model} file changes, and {@code POST /model/reload} on the HTTP port
 * calls it on demand.
 */
package moodstream.streamer.reload;
