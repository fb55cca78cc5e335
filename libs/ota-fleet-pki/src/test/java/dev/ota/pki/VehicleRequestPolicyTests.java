package dev.ota.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.pki.FleetCa.CertificateRequestRefused;
import dev.ota.pki.FleetCa.Refusal;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** What a vehicle may ask the fleet CA for: a certificate for its VIN, nothing more, over an allowed key. */
class VehicleRequestPolicyTests {

    private static final String VIN = "WVWZZZ1JZXW000042";
    private final FleetCa ca = FleetCa.create("Test Fleet CA", Duration.ofDays(1));

    @Test
    void issuesACertificateWhoseSubjectIsOnlyTheVinForEachAllowedKeyType() throws Exception {
        for (KeyPair keys : new KeyPair[] {ec("secp256r1"), ec("secp384r1"), generate("Ed25519", null)}) {
            X509Certificate certificate = ca.issueVehicle(csr(keys, "CN=" + VIN), Duration.ofDays(1));
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + VIN);
            assertThat(certificate.getSubjectAlternativeNames()).isNull();
        }
    }

    @Test
    void refusesASubjectThatAsksForThePlatformUnit() {
        assertRefused(csr(ec("secp256r1"), "CN=" + VIN + ",OU=platform"), Refusal.SUBJECT_NOT_ONLY_A_VIN);
    }

    @Test
    void refusesExtraRdnsAndASecondCommonName() {
        assertRefused(csr(ec("secp256r1"), "CN=" + VIN + ",O=Evil Corp"), Refusal.SUBJECT_NOT_ONLY_A_VIN);
        assertRefused(csr(ec("secp256r1"), "CN=" + VIN + ",CN=WVWZZZ1JZXW000043"), Refusal.SUBJECT_NOT_ONLY_A_VIN);
        assertRefused(csr(ec("secp256r1"), "CN=" + VIN + "+OU=platform"), Refusal.SUBJECT_NOT_ONLY_A_VIN);
        assertRefused(csr(ec("secp256r1"), "OU=platform"), Refusal.SUBJECT_NOT_ONLY_A_VIN);
    }

    @Test
    void refusesARequestForSubjectAlternativeNames() throws Exception {
        KeyPair keys = ec("secp256r1");
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "broker.ota.example")));
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                        new X500Name("CN=" + VIN), keys.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        assertRefused(request, Refusal.ATTRIBUTES_REQUESTED);
    }

    @Test
    void refusesWeakOrUnexpectedKeys() throws Exception {
        KeyPair rsa = generate("RSA", 1024);
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                        new X500Name("CN=" + VIN), rsa.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate()));
        assertRefused(request, Refusal.KEY_NOT_ALLOWED);
        assertRefused(csr(ec("secp521r1"), "CN=" + VIN), Refusal.KEY_NOT_ALLOWED);
    }

    @Test
    void refusesARequestWhoseSignatureIsNotTheKeyHolders() {
        KeyPair holder = ec("secp256r1");
        KeyPair other = ec("secp256r1");
        PKCS10CertificationRequest forged;
        try {
            forged = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + VIN), holder.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertRefused(forged, Refusal.NO_PROOF_OF_POSSESSION);
    }

    @Test
    void refusesACommonNameThatIsNotAVin() {
        assertRefused(csr(ec("secp256r1"), "CN=device-gateway"), Refusal.NOT_A_VIN);
    }

    private void assertRefused(PKCS10CertificationRequest request, Refusal reason) {
        assertThatThrownBy(() -> ca.issueVehicle(request, Duration.ofDays(1)))
                .isInstanceOfSatisfying(
                        CertificateRequestRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(ca.serialsIssuedTo(VIN)).as("nothing issued").isEmpty();
    }

    private static PKCS10CertificationRequest csr(KeyPair keys, String subject) {
        try {
            String algorithm = keys.getPublic().getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, Integer size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (size != null) {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
