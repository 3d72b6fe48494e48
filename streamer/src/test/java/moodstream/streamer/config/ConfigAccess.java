package moodstream.streamer.config;

import moodstream.streamer.StreamCommand;

/** Test access to the CLI's merged configuration. */
final class ConfigAccess {
    private ConfigAccess() {
    }

    static StreamerConfig config(StreamCommand cli, ConfigSources sources) {
        cli.useSources(sources);
        return cli.config();
    }
}
