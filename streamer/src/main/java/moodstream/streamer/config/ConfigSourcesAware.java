package moodstream.streamer.config;

/**
 * A command whose settings come from {@link ConfigSources} too: {@code StreamerCli} hands it the
 * environment and {@code --config} file behind the flags, for the Kafka pass-through.
 */
public interface ConfigSourcesAware {
    void useSources(ConfigSources sources);
}
