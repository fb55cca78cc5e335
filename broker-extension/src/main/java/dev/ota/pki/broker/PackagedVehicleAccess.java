package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vehicle access extension as HiveMQ loads it from its {@code extensions/ota-vehicle-access/} folder (the zip this
 * module builds): HiveMQ needs a no-argument main, so this one reads {@value #CONFIG} in the extension folder and
 * starts a {@link VehicleAccessExtension} over the fleet CA's CRL, fetched from the CA ({@link FetchedRevocationList}).
 *
 * <p>Keys: {@code ca-certificate} (PEM of the fleet CA: issuer of vehicle certificates, verifies the CRL),
 * {@code platform-issuer-certificate} (PEM of the platform issuer: a client it signed is a platform client),
 * {@code crl-url} (the CA's CRL: signing-service's {@code /api/v1/fleet-ca/crl}), {@code crl-refresh} (ISO-8601
 * duration, default {@code PT1S}: how often it is fetched), {@code crl-cache-file} (where the last good CRL is kept on
 * this node, default {@code crl-cache.pem} in the extension folder),
 * {@code broker-id} (name in the connected-vehicles report, default {@code HOSTNAME}) and {@code report-interval}
 * (default {@code PT10S}). The vehicle limits are {@link VehicleAccessExtension.Limits#DEFAULT}. When the configuration is unusable the extension does not start,
 * and HiveMQ, having no authenticator, admits nobody: the broker fails closed.
 */
public final class PackagedVehicleAccess implements ExtensionMain {

    /** The configuration file, relative to the extension folder. */
    public static final String CONFIG = "conf/vehicle-access.properties";

    private static final Logger log = LoggerFactory.getLogger(PackagedVehicleAccess.class);

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Path home = input.getExtensionInformation().getExtensionHomeFolder().toPath();
        VehicleAccessExtension access;
        try {
            access = fromConfiguration(home.resolve(CONFIG));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.error("vehicle access extension not started, the broker admits no client: {}", e.toString());
            output.preventExtensionStartup("unusable " + home.resolve(CONFIG) + ": " + e.getMessage());
            return;
        }
        access.extensionStart(input, output);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

    static VehicleAccessExtension fromConfiguration(Path file) throws IOException, GeneralSecurityException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        X509Certificate ca = certificate(Path.of(required(properties, "ca-certificate")));
        X509Certificate platformIssuer = certificate(Path.of(required(properties, "platform-issuer-certificate")));
        URI crl = URI.create(required(properties, "crl-url"));
        Duration refresh = Duration.parse(properties.getProperty("crl-refresh", "PT1S"));
        Path cache = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a directory")
                .resolveSibling(Objects.requireNonNullElse(
                        blankToNull(properties.getProperty("crl-cache-file")), "crl-cache.pem"));
        String brokerId = Objects.requireNonNullElse(
                blankToNull(properties.getProperty("broker-id")),
                Objects.requireNonNullElse(System.getenv("HOSTNAME"), "broker"));
        Duration reportInterval = Duration.parse(properties.getProperty("report-interval", "PT10S"));
        log.info(
                "vehicle access: fleet CA {}, platform issuer {}, CRL {} (refresh {}), broker id {}",
                ca.getSubjectX500Principal(),
                platformIssuer.getSubjectX500Principal(),
                crl,
                refresh,
                brokerId);
        return new VehicleAccessExtension(
                ca,
                platformIssuer,
                new FetchedRevocationList(crl, ca, cache, brokerId).start(refresh),
                brokerId,
                reportInterval,
                VehicleAccessExtension.Limits.DEFAULT);
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String required(Properties properties, String key) {
        String value = blankToNull(properties.getProperty(key));
        if (value == null) {
            throw new IllegalArgumentException(key + " is not set");
        }
        return value;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
