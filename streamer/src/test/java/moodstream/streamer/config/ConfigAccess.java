package moodstream.streamer.config;

import moodstream.streamer.StreamerCli;

/** Test access to the CLI's merged configuration. */
final class ConfigAccess {
    private ConfigAccess() {
    }

    static StreamerConfig config(StreamerCli cli, ConfigSources sources) {
        return cli.config(sources.kafkaProperties());
    }
}
