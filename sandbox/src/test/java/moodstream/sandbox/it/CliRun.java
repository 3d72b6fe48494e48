package moodstream.sandbox.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import moodstream.streamer.StreamerCli;

/** One in-process run of the command line, its output and errors captured. */
record CliRun(int code, String out, String err, long millis) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = StreamerCli.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    /** For assertion messages: what the command printed. */
    String printed() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
