package moodstream.streamer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import moodstream.core.image.ImageFormat;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;
    Path photos;

    @BeforeEach
    void tree() throws IOException {
        photos = dir.resolve("photos");
        var image = TestImages.solid(8, 8, Color.PINK);
        write("photos/top.png", TestImages.png(image));
        write("photos/a/b/deep.png", TestImages.png(image));
        write("photos/a/mid.jpg", TestImages.jpeg(image));
        write("photos/a/anim.gif", TestImages.encode(image, "gif"));
        write("photos/z.bmp", TestImages.encode(image, "bmp"));
        write("photos/png-named.jpg", TestImages.png(image)); // the bytes decide, not the name
        write("photos/notes.txt", "not an image".getBytes(StandardCharsets.UTF_8));
        write("photos/empty.jpg", new byte[0]);
        write("photos/.DS_Store", new byte[] {0, 0, 0, 1});
        write("photos/.cache/hidden.png", TestImages.png(image));
    }

    private Path write(String relative, byte[] bytes) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static List<String> keys(List<ImageFile> files) {
        return files.stream().map(ImageFile::key).toList();
    }

    @Test
    void aFolderIsWalkedRecursivelySortedByItsRelativeKeysWithoutHiddenFiles() {
        List<ImageFile> files = ImageFiles.expand(List.of(photos.toString()));
        assertThat(keys(files)).containsExactly("a/anim.gif", "a/b/deep.png", "a/mid.jpg", "empty.jpg", "notes.txt",
                "png-named.jpg", "top.png", "z.bmp");
        assertThat(files.get(0).path()).isEqualTo(photos.resolve("a/anim.gif"));
        assertThat(files).extracting(ImageFile::format).containsExactly(Optional.of(ImageFormat.GIF), Optional.of(ImageFormat.PNG),
                Optional.of(ImageFormat.JPEG), Optional.empty(), Optional.empty(), Optional.of(ImageFormat.PNG),
                Optional.of(ImageFormat.PNG), Optional.of(ImageFormat.BMP));
        assertThat(files).extracting(ImageFile::contentType).containsExactly("image/gif", "image/png", "image/jpeg",
                "application/octet-stream", "application/octet-stream", "image/png", "image/png", "image/bmp");
        // A trailing slash changes nothing.
        assertThat(keys(ImageFiles.expand(List.of(photos + "/")))).isEqualTo(keys(files));
    }

    @Test
    void aFileIsKeyedByItsNameAndInputsKeepTheirOrder() {
        List<ImageFile> files = ImageFiles.expand(List.of(photos.resolve("z.bmp").toString(), photos.resolve("a").toString(),
                photos.resolve("a/b/deep.png").toString()));
        assertThat(keys(files)).containsExactly("z.bmp", "anim.gif", "b/deep.png", "mid.jpg", "deep.png");
        // Named on its own, even a hidden file is taken.
        assertThat(keys(ImageFiles.expand(List.of(photos.resolve(".cache/hidden.png").toString())))).containsExactly("hidden.png");
    }

    @Test
    void globsAreKeyedRelativeToTheirFixedBaseAndDoubleStarSlashMatchesNoFolderToo() {
        assertThat(keys(ImageFiles.expand(List.of(photos + "/**/*.png"))))
                .containsExactly("a/b/deep.png", "top.png");
        assertThat(keys(ImageFiles.expand(List.of(photos + "/*.png")))).containsExactly("top.png");
        assertThat(keys(ImageFiles.expand(List.of(photos + "/a/**")))).containsExactly("anim.gif", "b/deep.png", "mid.jpg");
        assertThat(keys(ImageFiles.expand(List.of(dir + "/pho*/*/m?d.{jpg,png}")))).containsExactly("photos/a/mid.jpg");
        assertThat(keys(ImageFiles.expand(List.of(photos + "/**/*.[jJ][pP]*g")))).containsExactly("a/mid.jpg", "empty.jpg",
                "png-named.jpg");
    }

    @Test
    void aGlobWithoutAFixedBaseIsRelativeToTheWorkingDirectory() {
        // Tests run in the module's folder, which holds pom.xml.
        assertThat(keys(ImageFiles.expand(List.of("*.xml")))).contains("pom.xml").allMatch(k -> !k.startsWith("./"));
    }

    @Test
    void globstarVariants() {
        assertThat(ImageFiles.globstarVariants("**/*.jpg")).containsExactlyInAnyOrder("**/*.jpg", "*.jpg");
        assertThat(ImageFiles.globstarVariants("a/**/b/**/*.jpg"))
                .containsExactlyInAnyOrder("a/**/b/**/*.jpg", "a/b/**/*.jpg", "a/**/b/*.jpg", "a/b/*.jpg");
        assertThat(ImageFiles.globstarVariants("x**/*.jpg")).containsExactly("x**/*.jpg"); // not a whole segment
    }

    @Test
    void whatIsSkippedAndWhy() throws IOException {
        List<ImageFile> files = ImageFiles.expand(List.of(photos.toString()));
        assertThat(ImageFiles.skipReason(find(files, "top.png"))).isEmpty();
        assertThat(ImageFiles.skipReason(find(files, "empty.jpg"))).contains("empty file");
        assertThat(ImageFiles.skipReason(find(files, "notes.txt"))).hasValueSatisfying(r -> assertThat(r).startsWith("not an image"));
        write("webp/x.webp", "RIFF\0\0\0\0WEBPVP8 0000000000".getBytes(StandardCharsets.US_ASCII));
        ImageFile webp = ImageFiles.expand(List.of(dir.resolve("webp").toString())).get(0);
        assertThat(webp.format()).isEmpty();
        assertThat(ImageFiles.skipReason(webp)).hasValueSatisfying(r -> assertThat(r).contains("WebP"));
    }

    private static ImageFile find(List<ImageFile> files, String key) {
        return files.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void whatMatchesNothingIsAnErrorNamingIt() throws IOException {
        assertThatThrownBy(() -> ImageFiles.expand(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no files given");
        assertThatThrownBy(() -> ImageFiles.expand(List.of(photos.resolve("nope.jpg").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file or folder").hasMessageContaining("nope.jpg");
        assertThatThrownBy(() -> ImageFiles.expand(List.of(photos + "/**/*.webp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no files match").hasMessageContaining("*.webp");
        assertThatThrownBy(() -> ImageFiles.expand(List.of(dir + "/elsewhere/*.jpg")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("elsewhere").hasMessageContaining("does not exist");
        Files.createDirectories(dir.resolve("void/.only-hidden"));
        assertThatThrownBy(() -> ImageFiles.expand(List.of(dir.resolve("void").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no files");
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
        Path locked = write("locked/secret.png", TestImages.png(TestImages.solid(4, 4, Color.RED)));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> ImageFiles.expand(List.of(dir.resolve("locked").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret.png").hasMessageContaining("cannot read");
        assertThatThrownBy(() -> ImageFiles.expand(List.of(locked.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret.png").hasMessageContaining("permission denied");
    }
}
