package dev.ota.pki.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformIssuer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A client's identity follows from the key that signed its certificate, never from what the certificate says. */
class VehicleAccessTests {

    private static final String VIN = "WVWZZZ1JZXW000042";

    // stands in for the fleet CA: an issuer that, like a fleet CA fooled by a CSR, wrote OU=platform into a certificate
    private final PlatformIssuer fleetCa = PlatformIssuer.create("Fleet CA", Duration.ofDays(1));
    private final PlatformIssuer platformIssuer = PlatformIssuer.create("Platform Issuer", Duration.ofDays(1));
    private final VehicleAccess access = new VehicleAccess(
            new VehicleAccess.Issuers(fleetCa.certificate(), platformIssuer.certificate()),
            Revocations.polling(certificate -> false));

    @Test
    void aFleetCertificateThatSaysPlatformIsStillOnlyAVehicle() {
        X509Certificate saysPlatform =
                fleetCa.issue(VIN, FleetCa.generateKeyPair().getPublic(), Duration.ofDays(1));
        assertThat(FleetCa.commonName(saysPlatform)).contains(VIN);
        assertThat(saysPlatform.getSubjectX500Principal().getName()).contains("OU=platform");

        assertThat(access.identify(Optional.of(saysPlatform), VIN)).isEqualTo(new VehicleAccess.Identity.Vehicle(VIN));
        assertThat(access.identify(Optional.of(saysPlatform), "device-gateway"))
                .isInstanceOfSatisfying(
                        VehicleAccess.Identity.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(VehicleAccess.Refusal.client_id_not_vin));
        assertThat(VehicleAccess.publishTopics(VIN))
                .allSatisfy(topic -> assertThat(topic).startsWith("ota/v1/" + VIN + "/"));
        assertThat(VehicleAccess.subscribeFilters(VIN))
                .allSatisfy(filter -> assertThat(filter).startsWith("ota/v1/" + VIN + "/"));
    }

    @Test
    void aCertificateFromThePlatformIssuerIsAPlatformClientWhateverItsName() {
        X509Certificate gateway =
                platformIssuer.issue("device-gateway", FleetCa.generateKeyPair().getPublic(), Duration.ofDays(1));
        assertThat(access.identify(Optional.of(gateway), "gateway-1"))
                .isEqualTo(new VehicleAccess.Identity.Platform("device-gateway"));
    }

    @Test
    void aCertificateFromNeitherIssuerIsRefused() {
        PlatformIssuer stranger = PlatformIssuer.create("Stranger", Duration.ofDays(1));
        X509Certificate foreign = stranger.issue(VIN, FleetCa.generateKeyPair().getPublic(), Duration.ofDays(1));
        assertThat(access.identify(Optional.of(foreign), VIN))
                .isInstanceOfSatisfying(
                        VehicleAccess.Identity.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(VehicleAccess.Refusal.unknown_issuer));
    }

    @Test
    void aClientIdAllowanceRefillsOverTime() {
        long[] now = {0};
        ConnectRateLimit limit = new ConnectRateLimit(2, Duration.ofSeconds(1), () -> now[0]);
        assertThat(limit.tryConnect(VIN)).isTrue();
        assertThat(limit.tryConnect(VIN)).isTrue();
        assertThat(limit.tryConnect(VIN)).isFalse();
        assertThat(limit.tryConnect("WVWZZZ1JZXW000043"))
                .as("another client id has its own")
                .isTrue();
        now[0] += Duration.ofMillis(1_000).toNanos();
        assertThat(limit.tryConnect(VIN)).isTrue();
        assertThat(limit.tryConnect(VIN)).isFalse();
        now[0] += Duration.ofSeconds(5).toNanos();
        limit.forgetIdle();
        assertThat(limit.tracked()).isZero();
    }

    @Test
    void aVehicleMayAskTheDirectorOnItsOwnTopicAndHearOnlyItsOwnAnswers() {
        String other = "WVWZZZ1JZXW000043";
        assertThat(VehicleAccess.mayPublish(VIN, "ota/v1/" + VIN + "/director-request"))
                .isTrue();
        assertThat(VehicleAccess.maySubscribe(VIN, "ota/v1/" + VIN + "/director"))
                .isTrue();
        assertThat(VehicleAccess.mayPublish(VIN, "ota/v1/" + other + "/director-request"))
                .isFalse();
        assertThat(VehicleAccess.maySubscribe(VIN, "ota/v1/" + other + "/director"))
                .isFalse();
        assertThat(VehicleAccess.mayPublish(VIN, "ota/v1/" + VIN + "/director"))
                .as("answers come from the platform only")
                .isFalse();
        assertThat(VehicleAccess.maySubscribe(VIN, "ota/v1/+/director")).isFalse();
        assertThat(VehicleAccess.maySubscribe(VIN, "$share/g/ota/v1/" + VIN + "/director-request"))
                .isFalse();
    }

    @Test
    void aVehicleMayUseExactlyItsOwnTopicsAndNoOther() {
        String other = "WVWZZZ1JZXW000043";
        for (String topic : VehicleAccess.publishTopics(VIN)) {
            assertThat(VehicleAccess.mayPublish(VIN, topic)).as(topic).isTrue();
            assertThat(VehicleAccess.mayPublish(other, topic)).as(topic).isFalse();
            assertThat(VehicleAccess.maySubscribe(VIN, topic)).as(topic).isFalse();
        }
        for (String filter : VehicleAccess.subscribeFilters(VIN)) {
            assertThat(VehicleAccess.maySubscribe(VIN, filter)).as(filter).isTrue();
            assertThat(VehicleAccess.mayPublish(VIN, filter)).as(filter).isFalse();
        }
        for (String probe : new String[] {
            "ota/v1/#",
            "ota/v1/+/cmd",
            "ota/v1/" + VIN + "/#",
            "ota/v1/" + VIN + "/",
            "ota/v1/" + VIN,
            "$share/g/ota/v1/" + VIN + "/cmd",
            "ota/v1/" + VIN + "/cmd/x",
            "ota/v1/" + VIN + "x/cmd"
        }) {
            assertThat(VehicleAccess.maySubscribe(VIN, probe)).as(probe).isFalse();
            assertThat(VehicleAccess.mayPublish(VIN, probe)).as(probe).isFalse();
        }
    }
}
