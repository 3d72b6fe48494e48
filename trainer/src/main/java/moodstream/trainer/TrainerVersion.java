package moodstream.trainer;

/** The trainer's version, from the jar manifest; "dev" when run from classes. */
public final class TrainerVersion {
    private TrainerVersion() {
    }

    public static String get() {
        String v = TrainerVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
