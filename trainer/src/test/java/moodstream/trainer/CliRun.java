package moodstream.trainer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One trainer command run in this JVM, as a user runs it: its exit code, what it printed to
 * standard output, and its error messages.
 */
public record CliRun(int code, String out, String err) {
    /** Runs {@code args} through {@link TrainerCli#run}, capturing System.out for the call. */
    public static CliRun of(String... args) {
        StringWriter errors = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            code = TrainerCli.run(new PrintWriter(errors, true), args);
        } finally {
            System.setOut(original);
        }
        return new CliRun(code, stdout.toString(StandardCharsets.UTF_8), errors.toString());
    }
}
