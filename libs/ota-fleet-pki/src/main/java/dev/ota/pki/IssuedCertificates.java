package dev.ota.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which serials the CA issued to which VIN, so that an operator can revoke a vehicle without knowing its serials. For
 * a persistent CA the index file is the record: every gateway replica appends to it (under the directory lock), so
 * this view reads what was appended since it last looked, only the new bytes, and only complete lines (a line being
 * appended right now is read next time).
 */
final class IssuedCertificates {

    private static final Logger log = LoggerFactory.getLogger(IssuedCertificates.class);

    private final Map<String, List<BigInteger>> byVin = new HashMap<>();
    private final Map<BigInteger, String> bySerial = new HashMap<>();
    private final @Nullable Path file;
    private long readUpTo;
    private @Nullable Object readIdentity;

    private IssuedCertificates(@Nullable Path file) {
        this.file = file;
    }

    static IssuedCertificates inMemory() {
        return new IssuedCertificates(null);
    }

    /** Reads what was recorded in the file so far; new issuances are appended to it. */
    static IssuedCertificates appendingTo(Path file) {
        IssuedCertificates issued = new IssuedCertificates(file);
        issued.refresh();
        return issued;
    }

    /** Reads the lines appended to the file since the last look (one {@code stat} when there are none). */
    synchronized void refresh() {
        if (file == null) {
            return;
        }
        Optional<FileVersion> version = FileVersion.of(file);
        if (version.isEmpty()) {
            return;
        }
        if (!Objects.equals(version.get().identity(), readIdentity)
                || version.get().size() < readUpTo) {
            // another file in its place (restored from a backup, say): read it from the start
            byVin.clear();
            bySerial.clear();
            readUpTo = 0;
            readIdentity = version.get().identity();
        }
        if (version.get().size() == readUpTo) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(channel.size() - readUpTo));
            while (tail.hasRemaining() && channel.read(tail, readUpTo + tail.position()) >= 0) {
                // read the tail to its end
            }
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.US_ASCII);
            int complete = text.lastIndexOf('\n') + 1;
            text.substring(0, complete).lines().forEach(this::rememberLine);
            readUpTo += complete;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void rememberLine(String line) {
        String[] fields = line.split(",");
        if (fields.length < 2) {
            log.warn("{}: skipping a line that is not 'serial,VIN,not-after': {}", file, line);
            return;
        }
        try {
            remember(fields[1], new BigInteger(fields[0], 16));
        } catch (NumberFormatException e) {
            log.warn("{}: skipping a line whose serial is not hexadecimal: {}", file, line);
        }
    }

    private void remember(String vin, BigInteger serial) {
        if (bySerial.putIfAbsent(serial, vin) == null) {
            byVin.computeIfAbsent(vin, v -> new ArrayList<>()).add(serial);
        }
    }

    /**
     * Records an issued certificate. For a persistent CA the caller holds the directory lock and has just called
     * {@link #refresh}, so the line lands after everything this view has read.
     */
    synchronized void record(String vin, X509Certificate certificate) {
        if (file == null) {
            remember(vin, certificate.getSerialNumber());
            return;
        }
        String line = certificate.getSerialNumber().toString(16) + "," + vin + ","
                + certificate.getNotAfter().toInstant() + "\n";
        try {
            Files.writeString(
                    file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the issued certificate in " + file, e);
        }
        refresh();
    }

    /** Whether the serial is in the index (as last read: the caller refreshes first). */
    synchronized boolean knows(BigInteger serial) {
        return bySerial.containsKey(serial);
    }

    synchronized @Nullable String vinOf(BigInteger serial) {
        refresh();
        return bySerial.get(serial);
    }

    synchronized List<BigInteger> serialsOf(String vin) {
        refresh();
        return List.copyOf(byVin.getOrDefault(vin, List.of()));
    }
}
