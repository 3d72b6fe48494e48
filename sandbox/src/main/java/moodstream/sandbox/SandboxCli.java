package moodstream.sandbox;

import java.io.PrintWriter;
import java.util.Map;
import moodstream.sandbox.bench.BenchCommand;
import moodstream.sandbox.broker.BrokerConfigCommand;
import moodstream.sandbox.demo.DemoCommand;
import moodstream.streamer.StreamerCli;
import picocli.CommandLine.Command;

/**
 * The sandbox's command line: {@code demo} runs the whole pipeline on an embedded broker,
 * {@code bench} measures the streamer on one. Both start their own broker, which is why they
 * are here and not in the streamer's jar. Settings, errors and exit codes as the streamer's.
 */
@Command(name = "moodstream-sandbox", mixinStandardHelpOptions = true,
        description = "The streamer on an embedded Kafka broker, on this machine: the demo and the streaming benchmark.",
        subcommands = {DemoCommand.class, BenchCommand.class, BrokerConfigCommand.class})
public final class SandboxCli {
    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs a command with {@code env} as the environment; never exits the JVM. */
    public static int run(Map<String, String> env, String... args) {
        return StreamerCli.execute(new SandboxCli(), env, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }
}
