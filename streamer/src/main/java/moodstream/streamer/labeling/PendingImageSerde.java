package moodstream.streamer.labeling;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import moodstream.core.face.CropRegion;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.PreprocessedImage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The batch store's value format. Written by hand rather than with Jackson: the tensor is
 * thousands of floats, which JSON would turn into text, and a fixed binary layout with a
 * version byte is both smaller on the changelog and a few lines. Only this process's own
 * store reads it (its changelog, after a crash or a move to another instance of the same
 * version), so the version byte is checked rather than migrated; format 2 added whether the
 * tensor is for the fallback model, format 3 the fallback's tensor of a blended photo, and
 * formats 1 (no fallback) and 2 (no blend) are still read.
 */
final class PendingImageSerde implements Serde<PendingImage> {
    private static final byte VERSION = 3;
    /** The format before the blend: no tensor for the fallback beside a face crop. */
    private static final byte VERSION_2 = 2;
    /** The format before the fallback flag: every tensor is for the model itself. */
    private static final byte VERSION_1 = 1;

    @Override
    public Serializer<PendingImage> serializer() {
        return (topic, pending) -> pending == null ? null : write(pending);
    }

    @Override
    public Deserializer<PendingImage> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PendingImage p) {
        float[] pixels = p.image().pixels();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(pixels.length * 4 + 256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            writeBytes(out, p.key());
            out.writeInt(p.headers().length);
            for (Header h : p.headers()) {
                writeBytes(out, h.key().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, h.value());
            }
            out.writeLong(p.timestamp());
            out.writeUTF(p.source().topic());
            out.writeInt(p.source().partition());
            out.writeLong(p.source().offset());
            ImageInfo info = p.image().info();
            out.writeUTF(info.format().name());
            out.writeInt(info.width());
            out.writeInt(info.height());
            out.writeLong(info.bytes());
            CropRegion face = p.image().face();
            out.writeBoolean(face != null);
            if (face != null) {
                out.writeInt(face.x());
                out.writeInt(face.y());
                out.writeInt(face.width());
                out.writeInt(face.height());
            }
            out.writeBoolean(p.image().fallback());
            out.writeLong(p.decodeNanos());
            out.writeLong(p.heldSinceMs());
            writeFloats(out, pixels);
            writeFloats(out, p.image().scene());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return buffer.toByteArray();
    }

    static PendingImage read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
                throw new IllegalStateException("the batch store holds a record of format " + version + ", this version reads "
                        + VERSION + "; finish the held images with the version that wrote them (or reset the application)");
            }
            byte[] key = readBytes(in);
            Header[] headers = new Header[in.readInt()];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = new RecordHeader(new String(readBytes(in), StandardCharsets.UTF_8), readBytes(in));
            }
            long timestamp = in.readLong();
            LabelMessage.Source source = new LabelMessage.Source(in.readUTF(), in.readInt(), in.readLong());
            ImageInfo info = new ImageInfo(ImageFormat.valueOf(in.readUTF()), in.readInt(), in.readInt(), in.readLong());
            CropRegion face = in.readBoolean() ? new CropRegion(in.readInt(), in.readInt(), in.readInt(), in.readInt()) : null;
            boolean fallback = version != VERSION_1 && in.readBoolean();
            long decodeNanos = in.readLong();
            long heldSince = in.readLong();
            float[] pixels = readFloats(in);
            if (pixels == null) {
                throw new IOException("the model's tensor is missing");
            }
            float[] scene = version == VERSION ? readFloats(in) : null;
            return new PendingImage(key, headers, timestamp, source, new PreprocessedImage(info, pixels, face, fallback, scene),
                    decodeNanos, heldSince);
        } catch (IOException e) {
            throw new UncheckedIOException("the batch store holds a truncated or damaged record", e);
        }
    }

    /** A tensor as its length and big-endian floats; null as length -1. */
    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        ByteBuffer floats = ByteBuffer.allocate(values.length * 4).order(ByteOrder.BIG_ENDIAN);
        floats.asFloatBuffer().put(values);
        out.writeInt(values.length);
        out.write(floats.array());
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        byte[] raw = in.readNBytes(length * 4);
        if (raw.length != length * 4) {
            throw new EOFException("a tensor of " + length + " floats ends after " + raw.length / 4);
        }
        ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }
}
