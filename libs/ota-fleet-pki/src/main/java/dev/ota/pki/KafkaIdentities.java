package dev.ota.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The Kafka identities of a platform on one machine (the local platform and the tests): a Kafka CA of its own, apart
 * from the fleet CA and the platform issuer (no vehicle or MQTT certificate is ever a Kafka identity), the broker's key
 * store ({@value #BROKER}, server and client use: it also talks to its own controller), and one client key store per
 * principal ({@code CN=<principal>}, what the broker's principal mapping turns into {@code User:<principal>}). Issued
 * afresh on every call; the CA's private key is never written anywhere, so nothing on disk can mint another identity.
 * Files are readable by their owner only. In Kubernetes the same roles are played by Strimzi's clients CA and its
 * {@code KafkaUser} secrets.
 *
 * @param directory where the PKCS#12 files are
 * @param password protects every key store and the trust store (random per issue)
 */
public record KafkaIdentities(Path directory, String password) {

    /** The broker's principal, a super user: it runs the controller quorum and the inter-broker protocol. */
    public static final String BROKER = "kafka-broker";

    private static final Duration VALIDITY = Duration.ofDays(365);

    /** Issues the broker's key store, the trust store and one key store per client principal into {@code directory}. */
    public static KafkaIdentities issue(Path directory, Collection<String> clients) {
        KafkaIdentities identities = new KafkaIdentities(directory, randomPassword());
        try {
            Files.createDirectories(directory);
            KeyPair caKeys = FleetCa.generateKeyPair();
            X509Certificate ca = FleetCa.selfSignedCa("CN=OTA Kafka CA,O=OTA Platform", caKeys, VALIDITY.plusDays(1));
            identities.write(identities.trustStore(), PlatformKeyStores.trustStore(ca));
            // for people and tools (kcat wants the CA in PEM, the key store's password in a file it can be read from)
            identities.writeOwnerOnly(directory.resolve("kafka-ca.pem"), FleetCa.pem(ca));
            identities.writeOwnerOnly(directory.resolve("password"), identities.password());
            KeyPair brokerKeys = FleetCa.generateKeyPair();
            identities.write(
                    identities.keyStoreOf(BROKER),
                    PlatformKeyStores.keyStore(
                            brokerKeys, brokerCertificate(ca, caKeys, brokerKeys), ca, identities.password()));
            for (String client : clients) {
                KeyPair keys = FleetCa.generateKeyPair();
                X509Certificate certificate = FleetCa.clientCertificate(
                        ca, caKeys, new X500Name("CN=" + client), keys.getPublic(), VALIDITY, FleetCa.serial());
                identities.write(
                        identities.keyStoreOf(client),
                        PlatformKeyStores.keyStore(keys, certificate, ca, identities.password()));
            }
            return identities;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka identities to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the Kafka identities", e);
        }
    }

    public Path trustStore() {
        return directory.resolve("kafka-ca-trust.p12");
    }

    public Path keyStoreOf(String principal) {
        return directory.resolve(principal + ".p12");
    }

    /** Kafka client settings that authenticate as {@code principal} (mutual TLS, the Kafka CA trusted). */
    public Map<String, String> clientProperties(String principal) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SSL");
        properties.put("ssl.keystore.type", "PKCS12");
        properties.put("ssl.keystore.location", keyStoreOf(principal).toString());
        properties.put("ssl.keystore.password", password);
        properties.put("ssl.key.password", password);
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", trustStore().toString());
        properties.put("ssl.truststore.password", password);
        return properties;
    }

    /**
     * The environment a platform service reads its Kafka identity from ({@code ota-platform-defaults.yml} maps these to
     * {@code spring.kafka.ssl.*}).
     */
    public Map<String, String> serviceEnvironment(String principal) {
        return Map.of(
                "OTA_KAFKA_KEY_STORE",
                keyStoreOf(principal).toString(),
                "OTA_KAFKA_KEY_STORE_PASSWORD",
                password,
                "OTA_KAFKA_TRUST_STORE",
                trustStore().toString(),
                "OTA_KAFKA_TRUST_STORE_PASSWORD",
                password);
    }

    /** Server and client authentication, valid for loopback and {@code localhost}. */
    private static X509Certificate brokerCertificate(X509Certificate ca, KeyPair caKeys, KeyPair brokerKeys)
            throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        ca,
                        FleetCa.serial(),
                        Date.from(now.minusSeconds(60)),
                        Date.from(now.plus(VALIDITY)),
                        new X500Name("CN=" + BROKER),
                        brokerKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                }))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
        return FleetCa.sign(builder, caKeys);
    }

    private void write(Path file, KeyStore store) throws IOException, GeneralSecurityException {
        createOwnerOnly(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private void writeOwnerOnly(Path file, String text) throws IOException {
        createOwnerOnly(file);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
