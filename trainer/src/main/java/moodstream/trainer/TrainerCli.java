package moodstream.trainer;

import moodstream.core.card.InvalidModelCardException;
import moodstream.core.image.InvalidImageException;
import moodstream.core.inference.ModelLoadException;
import moodstream.core.inference.ProviderUnavailableException;
import moodstream.trainer.bench.InferenceBenchCommand;
import moodstream.trainer.bench.TrainSpeedCommand;
import moodstream.trainer.data.CleanCommand;
import moodstream.trainer.data.DatasetException;
import moodstream.trainer.evaluate.CompareCommand;
import moodstream.trainer.evaluate.EvaluateCommand;
import moodstream.trainer.export.BundleCommand;
import moodstream.trainer.export.ParityCheckFailedException;
import moodstream.trainer.faces.FaceScanCommand;
import moodstream.trainer.export.UnsupportedLayerException;
import moodstream.trainer.pipeline.TrainCommand;
import moodstream.trainer.predict.PredictCommand;
import moodstream.trainer.synth.SynthFacesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code moodstream train|clean|evaluate|compare|predict|synth-faces|face-scan|...}: the trainer's command line. */
@Command(name = "moodstream-trainer",
        mixinStandardHelpOptions = true,
        versionProvider = TrainerCli.Version.class,
        description = "Trains, evaluates and exports the happy/sad image classifier.",
        subcommands = {TrainCommand.class, CleanCommand.class, EvaluateCommand.class, CompareCommand.class, PredictCommand.class,
            TrainSpeedCommand.class, InferenceBenchCommand.class, SynthFacesCommand.class, FaceScanCommand.class, BundleCommand.class})
public final class TrainerCli {
    /** Exit code for input the user can fix (bad folder, missing model, ...). */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code; never exits the JVM (tests call this). */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with error messages going to {@code err}. */
    public static int run(java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (isUserError(e)) {
                cmd.getErr().println("error: " + e.getMessage());
                return USER_ERROR;
            }
            if (e instanceof ParityCheckFailedException || e instanceof UnsupportedLayerException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("error: unexpected failure, please report it with this trace:");
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    private static boolean isUserError(Exception e) {
        return e instanceof DatasetException || e instanceof IllegalArgumentException || e instanceof ModelLoadException
                || e instanceof InvalidModelCardException || e instanceof InvalidImageException
                || e instanceof ProviderUnavailableException || e instanceof java.nio.file.NoSuchFileException;
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"moodstream trainer " + TrainerVersion.get()};
        }
    }
}
