package moodstream.streamer;

import java.io.PrintWriter;
import java.util.Map;
import moodstream.core.card.InvalidModelCardException;
import moodstream.core.inference.ModelLoadException;
import moodstream.core.inference.ProviderUnavailableException;
import moodstream.streamer.bench.BenchCommand;
import moodstream.streamer.config.ConfigSources;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The streamer's command line: {@code stream} runs the app; {@code bench} measures it. */
@Command(name = "moodstream", mixinStandardHelpOptions = true, description = "Label image messages on Kafka.",
        subcommands = {StreamCommand.class, BenchCommand.class})
public final class StreamerCli {
    /** Exit code for input the user can fix (missing model, bad flag, missing topic...). */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs a command with {@code env} as the environment; never exits the JVM (tests call this). */
    public static int run(Map<String, String> env, String... args) {
        PrintWriter err = new PrintWriter(System.err, true);
        ConfigSources sources;
        try {
            sources = ConfigSources.load(args, env);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USER_ERROR;
        }
        CommandLine cli = new CommandLine(new StreamerCli()).setDefaultValueProvider(sources);
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof StreamCommand stream) {
                stream.sources = sources;
            }
        }
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof ModelLoadException || e instanceof InvalidModelCardException
                    || e instanceof ProviderUnavailableException;
            if (!userError) {
                e.printStackTrace(cmd.getErr());
            }
            return userError ? USER_ERROR : 1;
        });
        return cli.execute(args);
    }
}
