package moodstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged streamer (what the launcher and the Docker image run) carries no Kafka broker and
 * nothing of the sandbox: the broker, the demo and the benchmark are the sandbox module's. Runs
 * after the package phase, on target/moodstream-streamer.jar and target/lib.
 */
class StreamerPackagingIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path JAR = TARGET.resolve("moodstream-streamer.jar");
    private static final Path LIB = TARGET.resolve("lib");

    /** The broker's own artifacts; a Kafka Streams app needs none of them (kafka-streams, kafka-clients do). */
    private static final List<String> BROKER_JARS = List.of("kafka_2.13-", "kafka-server-", "kafka-raft-", "kafka-metadata-", "kafka-storage-");

    /**
     * Classes only a broker has, whatever jar brings them: kafka_2.13's {@code kafka.Kafka} and
     * {@code kafka.server}, and the raft, controller, metadata and storage layers. (Not
     * {@code org.apache.kafka.server}: kafka-clients has its authorizer and policy interfaces there.)
     */
    private static final List<String> BROKER_CLASSES = List.of("kafka/Kafka.class", "kafka/server/", "org/apache/kafka/raft/",
            "org/apache/kafka/controller/", "org/apache/kafka/metadata/", "org/apache/kafka/storage/");

    @Test
    void theJarHoldsNoSandboxAndNoBrokerClass() throws IOException {
        assertThat(JAR).as("run through 'mvn verify', which packages the jar before integration tests").exists();
        List<String> classes = classes(JAR);
        assertThat(classes).as("the streamer's own classes").contains("moodstream/streamer/StreamerCli.class")
                .noneMatch(c -> c.startsWith("moodstream/sandbox/"))
                .noneMatch(c -> c.startsWith("moodstream/streamer/demo/") || c.startsWith("moodstream/streamer/bench/")
                        || c.startsWith("moodstream/streamer/broker/"))
                .noneMatch(c -> c.startsWith("kafka/server/"));
    }

    @Test
    void libHoldsKafkaStreamsAndNoBrokerJar() throws IOException {
        List<String> jars = libJars();
        assertThat(jars).as("target/lib").anyMatch(j -> j.startsWith("kafka-streams-")).anyMatch(j -> j.startsWith("kafka-clients-"));
        assertThat(jars).as("target/lib: a broker jar came back into the streamer's dependencies (see mvn dependency:tree -pl streamer)")
                .noneMatch(j -> BROKER_JARS.stream().anyMatch(j::startsWith));
    }

    @Test
    void theManifestClassPathIsLibAndNamesNoBrokerJar() throws IOException {
        String classPath;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        }
        List<String> entries = Arrays.asList(classPath.trim().split("\\s+"));
        assertThat(entries).as("Class-Path").allMatch(e -> e.startsWith("lib/"))
                .noneMatch(e -> BROKER_JARS.stream().anyMatch(e.substring("lib/".length())::startsWith));
        assertThat(entries.stream().map(e -> e.substring("lib/".length()))).as("Class-Path entries in target/lib")
                .containsExactlyInAnyOrderElementsOf(libJars());
    }

    @Test
    void noJarInLibHoldsBrokerClasses() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : libJars()) {
            classes(LIB.resolve(name)).stream().filter(c -> BROKER_CLASSES.stream().anyMatch(c::startsWith)).findFirst()
                    .ifPresent(c -> found.add(name + " (" + c + ", ...)"));
        }
        assertThat(found).as("jars in target/lib with broker classes").isEmpty();
    }

    private static List<String> libJars() throws IOException {
        assertThat(LIB).as("run through 'mvn verify': the package phase copies the dependencies to target/lib").isDirectory();
        try (Stream<Path> files = Files.list(LIB)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private static List<String> classes(Path jarFile) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            return jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
        }
    }
}
