package dev.ota.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A second process on a CA directory (started by {@link FleetCaSharedDirectoryTests}): issues {@code count}
 * certificates to VINs {@code prefix + n}, revokes every other one, and prints {@code issued <serial> <vin>} and
 * {@code revoked <serial>} lines.
 */
final class FleetCaWorker {

    private FleetCaWorker() {}

    public static void main(String[] args) {
        FleetCa ca = FleetCa.loadOrCreate(Path.of(args[0]), args[1].toCharArray(), "Test Fleet CA", Duration.ofDays(1));
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        for (int i = 0; i < count; i++) {
            String vin = prefix + "%010d".formatted(i);
            X509Certificate certificate = FleetCaSharedDirectoryTests.issue(ca, vin);
            System.out.println("issued " + certificate.getSerialNumber().toString(16) + " " + vin);
            if (i % 2 == 0) {
                ca.revoke(certificate.getSerialNumber());
                System.out.println("revoked " + certificate.getSerialNumber().toString(16));
            }
        }
    }

    static void parse(String output, Map<BigInteger, String> issued, Set<BigInteger> revoked) {
        output.lines().map(line -> line.split(" ")).forEach(fields -> {
            switch (fields[0]) {
                case "issued" -> issued.put(new BigInteger(fields[1], 16), fields[2]);
                case "revoked" -> revoked.add(new BigInteger(fields[1], 16));
                default -> throw new IllegalStateException("unexpected worker output: " + String.join(" ", fields));
            }
        });
    }
}
