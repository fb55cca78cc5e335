package dev.ota.audit.log;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's binary {@code COPY} format (PostgreSQL docs, "COPY", Binary Format): the writer builds the rows of a
 * {@code COPY ... FROM STDIN (FORMAT binary)}, the reader walks the rows of a {@code COPY ... TO STDOUT (FORMAT
 * binary)}. Binary COPY is the cheapest way into and out of the server: no SQL to parse per row, no text encoding of
 * {@code bytea}, no per-row round trip.
 */
public final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private BinaryCopy() {}

    /** Rows for {@code COPY ... FROM STDIN (FORMAT binary)}, built in memory. */
    public static final class Writer {

        private final @Nullable ByteArrayOutputStream bytes;
        private final DataOutputStream out;
        private int rows;

        /** Rows collected in memory, for {@link #finish()}. */
        public Writer(int expectedBytes) {
            this(new ByteArrayOutputStream(expectedBytes));
        }

        /** Rows written to {@code target} (a COPY stream, say) as they are built; {@link #end()} closes the stream. */
        public Writer(OutputStream target) {
            bytes = target instanceof ByteArrayOutputStream memory ? memory : null;
            out = new DataOutputStream(target);
            io(() -> {
                out.write(SIGNATURE);
                out.writeInt(0);
                out.writeInt(0);
            });
        }

        public Writer row(int fields) {
            rows++;
            io(() -> out.writeShort(fields));
            return this;
        }

        public Writer int2(short value) {
            io(() -> {
                out.writeInt(2);
                out.writeShort(value);
            });
            return this;
        }

        public Writer int8(long value) {
            io(() -> {
                out.writeInt(8);
                out.writeLong(value);
            });
            return this;
        }

        public Writer uuid(@Nullable UUID value) {
            if (value == null) {
                return nul();
            }
            io(() -> {
                out.writeInt(16);
                out.writeLong(value.getMostSignificantBits());
                out.writeLong(value.getLeastSignificantBits());
            });
            return this;
        }

        public Writer text(@Nullable String value) {
            return value == null ? nul() : bytea(value.getBytes(StandardCharsets.UTF_8));
        }

        /** A {@code timestamptz} (microsecond precision, as PostgreSQL stores it). */
        public Writer timestamptz(Instant value) {
            long micros =
                    Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
            return int8(micros - POSTGRES_EPOCH_MICROS);
        }

        public Writer bytea(byte[] value) {
            io(() -> {
                out.writeInt(value.length);
                out.write(value);
            });
            return this;
        }

        private Writer nul() {
            io(() -> out.writeInt(-1));
            return this;
        }

        public boolean isEmpty() {
            return rows == 0;
        }

        /** The whole stream, with its trailer, of a writer that collected its rows in memory. */
        public byte[] finish() {
            if (bytes == null) {
                throw new IllegalStateException("the rows went to a stream, not to memory");
            }
            end();
            return bytes.toByteArray();
        }

        /** Writes the trailer and flushes. */
        public void end() {
            io(() -> {
                out.writeShort(-1);
                out.flush();
            });
        }

        private interface Write {
            void run() throws IOException;
        }

        private static void io(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory failed", e);
            }
        }
    }

    /** Reads a {@code COPY ... TO STDOUT (FORMAT binary)} stream row by row. */
    public static final class Reader {

        private final DataInputStream in;

        public Reader(InputStream stream) throws IOException {
            in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new IOException("not a binary COPY stream");
            }
            in.readInt();
            in.skipNBytes(in.readInt());
        }

        /**
         * @return the number of fields of the next row, or -1 at the end of the stream
         */
        public int next() throws IOException {
            return in.readShort();
        }

        public long int8() throws IOException {
            int length = in.readInt();
            if (length != 8) {
                throw new IOException("an int8 field of " + length + " bytes");
            }
            return in.readLong();
        }

        public short int2() throws IOException {
            int length = in.readInt();
            if (length != 2) {
                throw new IOException("an int2 field of " + length + " bytes");
            }
            return in.readShort();
        }

        public byte[] bytea() throws IOException {
            int length = in.readInt();
            if (length < 0) {
                throw new IOException("unexpected NULL in a binary COPY row");
            }
            byte[] value = new byte[length];
            in.readFully(value);
            return value;
        }
    }
}
