package dev.ota.signing.keys;

import dev.ota.uptane.crypto.JcaSigner;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A PKCS#11 token (an HSM; SoftHSM2 in tests) through the JDK's SunPKCS11 provider. Private keys never leave the
 * token: signing happens inside it.
 *
 * <p>SunPKCS11 does not offer Ed25519 keys, so keys held in a token are ECDSA P-256 ({@code ecdsa-sha2-nistp256}).
 * The JDK keystore view of a token only lists private keys that have a certificate, so a key generated here gets a
 * self-signed placeholder certificate (signed inside the token) under the same label.
 */
public final class Pkcs11Token {

    private final Provider provider;
    private final KeyStore keyStore;
    private final char[] pin;

    /**
     * @param slot the token's slot id ({@code softhsm2-util} prints it), or null to use {@code slotListIndex}
     */
    public Pkcs11Token(String library, @org.jspecify.annotations.Nullable Long slot, int slotListIndex, String pin) {
        try {
            Path config = Files.createTempFile("sunpkcs11-", ".cfg");
            Files.writeString(
                    config,
                    "name = ota\nlibrary = " + library + "\n"
                            + (slot != null ? "slot = " + slot : "slotListIndex = " + slotListIndex) + "\n"
                            + "attributes(generate, *, *) = {\n  CKA_TOKEN = true\n}\n"
                            + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
            this.provider = Security.getProvider("SunPKCS11").configure(config.toString());
            Files.deleteIfExists(config);
            this.pin = pin.toCharArray();
            this.keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, this.pin);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open PKCS#11 token via " + library + ": " + e.getMessage(), e);
        }
    }

    public boolean has(String label) {
        try {
            return keyStore.isKeyEntry(label);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signer for the key under {@code label}; the private key stays in the token. */
    public Signer signer(String label) {
        try {
            PrivateKey key = (PrivateKey) keyStore.getKey(label, null);
            Certificate cert = keyStore.getCertificate(label);
            if (key == null || cert == null) {
                throw new IllegalStateException("no key labelled " + label + " in the PKCS#11 token");
            }
            return new JcaSigner(Scheme.ECDSA_SHA2_NISTP256, key, cert.getPublicKey(), provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load key " + label + " from the PKCS#11 token", e);
        }
    }

    /** Generates an ECDSA P-256 key pair inside the token and stores it under {@code label}. */
    public Signer generate(String label) {
        try {
            var generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            keyStore.setKeyEntry(
                    label, pair.getPrivate(), null, new Certificate[] {placeholderCertificate(pair, label)});
            return signer(label);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate key " + label + " in the PKCS#11 token", e);
        }
    }

    private X509Certificate placeholderCertificate(KeyPair pair, String label)
            throws OperatorCreationException, GeneralSecurityException {
        var name = new X500Name("CN=" + label + ", O=ota signing-service key holder");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now),
                Date.from(now.plus(3650, ChronoUnit.DAYS)),
                name,
                pair.getPublic());
        var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(provider)
                .build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }
}
