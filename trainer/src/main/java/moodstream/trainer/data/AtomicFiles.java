package moodstream.trainer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a whole file or nothing: a crash or a full disk mid-write must not leave a
 * half report or half split file that a later run would trust.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static void write(Path file, byte[] content) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // Same folder as the target, so the final move is a rename on one file system.
        // Not Files.createTempFile: its 0600 permissions would carry over to the result.
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The original failure is the one worth reporting.
            }
            throw new DatasetException("cannot write " + target + ": " + e + "; choose a writable location", e);
        }
    }
}
