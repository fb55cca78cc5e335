package dev.ota.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which serials the CA issued to which VIN, so that an operator can revoke a vehicle without knowing its serials. */
final class IssuedCertificates {

    private final Map<String, List<BigInteger>> byVin = new HashMap<>();
    private final Map<BigInteger, String> bySerial = new HashMap<>();
    private final @Nullable Path file;

    IssuedCertificates() {
        this.file = null;
    }

    private IssuedCertificates(Path file) {
        this.file = file;
    }

    /** Reads what was recorded in the file so far; new issuances are appended to it. */
    static IssuedCertificates appendingTo(Path file) {
        IssuedCertificates issued = new IssuedCertificates(file);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] fields = line.split(",");
                    if (fields.length >= 2) {
                        issued.remember(fields[1], new BigInteger(fields[0], 16));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return issued;
    }

    private void remember(String vin, BigInteger serial) {
        byVin.computeIfAbsent(vin, v -> new ArrayList<>()).add(serial);
        bySerial.put(serial, vin);
    }

    synchronized void record(String vin, X509Certificate certificate) {
        remember(vin, certificate.getSerialNumber());
        if (file != null) {
            String line = certificate.getSerialNumber().toString(16) + "," + vin + ","
                    + certificate.getNotAfter().toInstant() + "\n";
            try {
                Files.writeString(
                        file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the issued certificate in " + file, e);
            }
        }
    }

    synchronized @Nullable String vinOf(BigInteger serial) {
        return bySerial.get(serial);
    }

    synchronized List<BigInteger> serialsOf(String vin) {
        return List.copyOf(byVin.getOrDefault(vin, List.of()));
    }
}
