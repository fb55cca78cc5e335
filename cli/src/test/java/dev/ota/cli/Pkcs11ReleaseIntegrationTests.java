package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.uptane.crypto.Pem;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.SignedDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ota release} with the engineer's key in a PKCS#11 token, for real: a SoftHSM2 token (Debian package
 * {@code softhsm2}; the test fails, not skips, without it) holding a P-256 key that {@code keytool} generated inside it.
 * The signature the command line posts is checked with libs/uptane against the key the token holds, as the signing
 * service checks a co-signature against the release role's keys.
 */
class Pkcs11ReleaseIntegrationTests {

    private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String PIN = "4321";
    private static final String LABEL = "rita-release";
    private static final String IMAGE = "/api/images/ecm-fw/4.2.0";
    private static final String CANDIDATE = "{\"signed\":{\"_type\":\"targets\",\"version\":3,"
            + "\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"ecm-fw-4.2.0.bin\":{\"length\":4,"
            + "\"hashes\":{\"sha256\":\"88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589\"}}}},"
            + "\"signatures\":[]}";

    private static long slot;

    /**
     * A second token that no test logs in to: a PKCS#11 login holds for the whole process, so a wrong PIN is only
     * refused by a token this process has not logged in to yet.
     */
    private static long untouchedSlot;

    private static TufKey tokenKey;

    @TempDir
    Path home;

    private final FakePlatform platform = newPlatform();

    @BeforeAll
    static void aTokenWithTheEngineersKey() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf)
                .as("SOFTHSM2_CONF (set by the surefire configuration of cli)")
                .isNotNull();
        assertThat(Path.of(LIBRARY)).as("SoftHSM2: apt-get install -y softhsm2").exists();
        Path tokens = Files.createDirectories(Path.of(conf).getParent().resolve("tokens"));
        Files.writeString(
                Path.of(conf),
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        slot = initialiseToken();
        untouchedSlot = initialiseToken();
        generateKeyIn(untouchedSlot);
        tokenKey = generateKeyIn(slot);
    }

    private static long initialiseToken() throws IOException, InterruptedException {
        String init = run(
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                "rita-" + UUID.randomUUID().toString().substring(0, 8),
                "--pin",
                PIN,
                "--so-pin",
                "8765");
        Matcher reassigned = Pattern.compile("reassigned to slot (\\d+)").matcher(init);
        assertThat(reassigned.find()).as(init).isTrue();
        return Long.parseLong(reassigned.group(1));
    }

    /** keytool generates the P-256 key pair inside the token, with the certificate SunPKCS11 needs to list it. */
    private static TufKey generateKeyIn(long slot) throws Exception {
        Path config = Files.createTempFile("keytool-pkcs11-", ".cfg");
        Files.writeString(config, "name = keytool\nlibrary = " + LIBRARY + "\nslot = " + slot + "\n");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> token = List.of(
                "-keystore",
                "NONE",
                "-storetype",
                "PKCS11",
                "-addprovider",
                "SunPKCS11",
                "-providerArg",
                config.toString(),
                "-storepass",
                PIN);
        run(concat(
                List.of(keytool, "-genkeypair", "-alias", LABEL, "-keyalg", "EC", "-groupname", "secp256r1"),
                token,
                List.of("-dname", "CN=rita")));
        String certificate = run(concat(List.of(keytool, "-exportcert", "-rfc", "-alias", LABEL), token, List.of()));
        var publicKey = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        certificate.substring(certificate.indexOf("-----BEGIN")).getBytes(StandardCharsets.US_ASCII)))
                .getPublicKey();
        return new TufKey(Scheme.ECDSA_SHA2_NISTP256, Pem.encodePublicKey(publicKey));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aReleaseSignedInsideTheTokenVerifiesAgainstTheTokensKey() {
        FakePlatform.Captured cli = cli(PIN);

        int exit = cli.run(
                "release",
                "ecm-fw",
                "4.2.0",
                "--pkcs11-library",
                LIBRARY,
                "--slot",
                String.valueOf(slot),
                "--key-label",
                LABEL);

        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("released ecm-fw 4.2.0");
        FakePlatform.Request coSign = platform.requests.stream()
                .filter(request -> request.path().equals(IMAGE + "/co-sign"))
                .findFirst()
                .orElseThrow();
        SignedDocument<Map<String, Object>> posted = SignedDocument.parse(coSign.body(), body -> body);
        assertThat(posted.meetsThreshold(
                        new RoleKeys(List.of(tokenKey.keyId()), 1), Map.of(tokenKey.keyId(), tokenKey)))
                .isTrue();
    }

    @Test
    void aWrongPinIsOneLineAndNothingIsPosted() {
        FakePlatform.Captured cli = cli("0000");

        int exit = cli.run(
                "release",
                "ecm-fw",
                "4.2.0",
                "--pkcs11-library",
                LIBRARY,
                "--slot",
                String.valueOf(untouchedSlot),
                "--key-label",
                LABEL);

        assertThat(exit).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err.toString()).isEqualTo("ota: the PKCS#11 token refused the PIN\n");
        assertThat(platform.count("POST", IMAGE + "/co-sign")).isZero();
    }

    @Test
    void thePinIsNeverAnArgument() {
        assertThat(cli(PIN).run(
                                "release",
                                "ecm-fw",
                                "4.2.0",
                                "--pkcs11-library",
                                LIBRARY,
                                "--key-label",
                                LABEL,
                                "--pin",
                                PIN))
                .isEqualTo(ExitCode.USAGE);
    }

    private FakePlatform.Captured cli(String pin) {
        Map<String, String> environment = new HashMap<>(platform.environment(home.resolve("ota")));
        environment.put("OTA_CLIENT_ID", "demo-release-engineer");
        environment.put("OTA_CLIENT_SECRET", "release-engineer-demo");
        environment.put("OTA_PKCS11_PIN", pin);
        return new FakePlatform.Captured(environment);
    }

    private static FakePlatform newPlatform() {
        try {
            FakePlatform fake = new FakePlatform();
            fake.issuing("demo-release-engineer", "RELEASE_ENGINEER", 300);
            fake.on(
                    "GET " + IMAGE,
                    new FakePlatform.Answer(200, "{\"status\":\"SIGNED\"}"),
                    new FakePlatform.Answer(
                            200, "{\"status\":\"RELEASED\",\"targetPath\":\"ecm-fw-4.2.0.bin\",\"releaseCounter\":7}"));
            fake.on("GET " + IMAGE + "/release-candidate", 200, CANDIDATE);
            fake.on("POST " + IMAGE + "/co-sign", 200, "{}");
            return fake;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
        return output;
    }
}
