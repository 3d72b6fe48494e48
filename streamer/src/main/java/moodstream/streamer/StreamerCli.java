package moodstream.streamer;

import java.io.PrintWriter;
import java.util.Map;
import moodstream.core.card.InvalidModelCardException;
import moodstream.core.inference.ModelLoadException;
import moodstream.core.inference.ProviderUnavailableException;
import moodstream.streamer.config.ConfigSources;
import moodstream.streamer.config.ConfigSourcesAware;
import moodstream.streamer.follow.LabelsCommand;
import moodstream.streamer.publish.PublishCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The streamer's command line: {@code stream} runs the app; {@code publish} sends images to it
 * and {@code labels} shows what comes out. (The demo and the benchmark, which bring their own
 * broker, are the sandbox module's.)
 */
@Command(name = "moodstream-streamer", mixinStandardHelpOptions = true, description = "Label image messages on Kafka.",
        subcommands = {StreamCommand.class, PublishCommand.class, LabelsCommand.class})
public final class StreamerCli {
    /** Exit code for input the user can fix (missing model, bad flag, missing topic...). */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs a command with {@code env} as the environment; never exits the JVM (tests call this). */
    public static int run(Map<String, String> env, String... args) {
        return run(env, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * As {@link #run(Map, String...)}, with the command's output (tables, JSON lines, summaries)
     * going to {@code out} and errors and warnings to {@code err}; logs still go to stderr.
     */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        return execute(new StreamerCli(), env, out, err, args);
    }

    /**
     * Runs {@code args} against {@code commands}, a picocli command with subcommands, as this
     * command line does: defaults from {@link ConfigSources} (the environment, {@code --config}),
     * errors on {@code err} and exit {@link #USER_ERROR} for what the user can fix, 1 for the
     * rest. Other command lines built on the streamer (the sandbox's) run through it too.
     */
    public static int execute(Object commands, Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        ConfigSources sources;
        try {
            sources = ConfigSources.load(args, env);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USER_ERROR;
        }
        CommandLine cli = new CommandLine(commands).setDefaultValueProvider(sources);
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof ConfigSourcesAware aware) {
                aware.useSources(sources);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof ModelLoadException || e instanceof InvalidModelCardException
                    || e instanceof ProviderUnavailableException
                    || causedBy(e, org.apache.kafka.common.config.ConfigException.class); // a bad --kafka value
            if (!userError) {
                e.printStackTrace(cmd.getErr());
            }
            return userError ? USER_ERROR : 1;
        });
        return cli.execute(args);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
