package dev.ota.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCaFilesTests {

    private static final char[] PASSWORD = "test-password".toCharArray();
    private static final String VIN = "SMUTEST0000000001";

    @TempDir
    Path directory;

    @Test
    void theCaIsCreatedOnceAndLoadedWithItsKeyOnEveryLaterStart() {
        FleetCa first = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
        X509Certificate issuedByFirst = issue(first, VIN);

        FleetCa second = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.issued(issuedByFirst)).isTrue();
        assertThat(second.issued(issue(FleetCa.create("Other", Duration.ofDays(1)), VIN)))
                .isFalse();
    }

    @Test
    void theCrlAndTheCaCertificateAreReadableByABrokerRunningAsAnotherUser() throws Exception {
        FleetCa ca = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
        ca.revoke(issue(ca, VIN).getSerialNumber());

        for (Path published :
                List.of(ca.crlFile().orElseThrow(), ca.certificateFile().orElseThrow())) {
            assertThat(Files.getPosixFilePermissions(published))
                    .as(published.toString())
                    .contains(PosixFilePermission.OTHERS_READ)
                    .doesNotContain(PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);
        }
        assertThat(FleetCaFiles.readCrl(ca.crlFile().orElseThrow()).getRevokedCertificates())
                .hasSize(1);
    }

    @Test
    void aVehicleRevokedByVinStaysRevokedAfterARestartAndIsOnTheCrlFile() {
        FleetCa ca = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
        X509Certificate older = issue(ca, VIN);
        X509Certificate newer = issue(ca, VIN);
        X509Certificate other = issue(ca, "SMUTEST0000000002");

        assertThat(ca.revokeVehicle(VIN)).containsExactlyInAnyOrder(older.getSerialNumber(), newer.getSerialNumber());

        FleetCa restarted = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
        assertThat(restarted.isRevoked(older)).isTrue();
        assertThat(restarted.isRevoked(newer)).isTrue();
        assertThat(restarted.isRevoked(other)).isFalse();
        RevocationListFile crl =
                new RevocationListFile(restarted.crlFile().orElseThrow(), restarted.certificate(), Duration.ZERO);
        assertThat(crl.test(newer)).isTrue();
        assertThat(crl.test(other)).isFalse();
    }

    @Test
    void theBrokersViewOfTheCrlPicksUpARevocationAtItsNextRefresh() throws Exception {
        FleetCa ca = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
        X509Certificate vehicle = issue(ca, VIN);
        RevocationListFile crl =
                new RevocationListFile(ca.crlFile().orElseThrow(), ca.certificate(), Duration.ofMillis(50));
        assertThat(crl.test(vehicle)).isFalse();

        Thread.sleep(20); // a new modification time even on file systems with coarse time stamps
        ca.revoke(vehicle.getSerialNumber());
        Thread.sleep(100);

        assertThat(crl.test(vehicle)).isTrue();
    }

    @Test
    void aCrlNotSignedByTheFleetCaIsIgnored() throws Exception {
        FleetCa ca = FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
        X509Certificate vehicle = issue(ca, VIN);
        FleetCa forger = FleetCa.create("Forger", Duration.ofDays(1));
        forger.revoke(vehicle.getSerialNumber());
        Path forged = directory.resolve("forged.crl");
        Files.writeString(forged, FleetCa.pem(forger.crl()));

        RevocationListFile crl = new RevocationListFile(forged, ca.certificate(), Duration.ZERO);

        assertThat(crl.test(vehicle)).isFalse();
        assertThat(crl.size()).isZero();
    }

    private static X509Certificate issue(FleetCa ca, String vin) {
        KeyPair keys = FleetCa.generateKeyPair();
        return ca.issueVehicle(FleetCa.request(keys, "CN=" + vin), Duration.ofDays(1));
    }
}
