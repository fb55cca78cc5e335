package dev.ota.pki;

import dev.ota.contracts.mqtt.MqttTopics;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The fleet CA (EC P-256, SHA-256 with ECDSA). Vehicles send a certificate signing request for their VIN; the CA
 * checks it against {@link VehicleRequestPolicy} (proof of possession, subject exactly {@code CN=<VIN>}, no requested
 * extensions, an allowed key) and issues a client certificate whose subject it writes itself. It issues nothing to
 * platform components: they get their certificates from a {@link PlatformIssuer}, which no vehicle-facing path can
 * reach, and the broker tells them apart by that issuer. The broker gets a server certificate from this CA.
 *
 * <p>The CA's record (what it issued, what it revoked) belongs to its owner: signing-service keeps it in its database
 * and uses {@link #signVehicle} and {@link #crl(Map, Instant, Duration)}. The in-memory record behind
 * {@link #issueVehicle}, {@link #revoke} and {@link #crl()} is for tests and in-process tools; it is not persisted.
 */
public final class FleetCa {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();
    /** Serial to VIN, in order of issue (insertion order; guarded by itself). */
    private final Map<BigInteger, String> issuedTo = Collections.synchronizedMap(new LinkedHashMap<>());

    private FleetCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new CA with a self-signed certificate. */
    public static FleetCa create(String name, Duration validity) {
        KeyPair keys = generateKeyPair();
        return new FleetCa(keys, selfSignedCa("CN=" + name + ",O=OTA Fleet", keys, validity));
    }

    /** The CA over a key and certificate kept elsewhere (signing-service's PKCS#12, see {@link FleetCaKeyStore}). */
    public static FleetCa of(KeyPair keys, X509Certificate certificate) {
        return new FleetCa(keys, certificate);
    }

    /** A self-signed CA certificate that may sign end-entity certificates and CRLs (path length 0). */
    static X509Certificate selfSignedCa(String subjectName, KeyPair keys, Duration validity) {
        X500Name subject = new X500Name(subjectName);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minusSeconds(60)),
                            Date.from(now.plus(validity)),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the CA certificate " + subjectName, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** For writing the CA's own key store ({@link FleetCaKeyStore}); never leaves this library otherwise. */
    java.security.PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /**
     * Issues a vehicle client certificate from its CSR under a new random serial, kept in the in-memory record.
     *
     * @throws CertificateRequestRefused when the CSR breaks {@link VehicleRequestPolicy}
     */
    public X509Certificate issueVehicle(PKCS10CertificationRequest csr, Duration validity) {
        BigInteger serial = serial();
        while (issuedTo.containsKey(serial) || revoked.containsKey(serial)) {
            serial = serial();
        }
        X509Certificate issued = signVehicle(csr, validity, serial);
        issuedTo.put(serial, VehicleRequestPolicy.vinOf(csr));
        return issued;
    }

    /**
     * Signs a vehicle client certificate from its CSR under the given serial, checked against
     * {@link VehicleRequestPolicy} (the subject is written by the CA: {@code CN=<VIN>}); records nothing. The caller
     * keeps the record (signing-service: its database, with a serial the database has not seen).
     *
     * @throws CertificateRequestRefused when the CSR breaks the policy
     */
    public X509Certificate signVehicle(PKCS10CertificationRequest csr, Duration validity, BigInteger serial) {
        String vin = VehicleRequestPolicy.vinOf(csr);
        return issueClient(vehicleSubject(vin), publicKey(csr), validity, serial);
    }

    /** A random positive 127-bit certificate serial. */
    public static BigInteger randomSerial() {
        return serial();
    }

    /**
     * A CRL listing {@code revoked} (serial to revocation time), signed by this CA, issued at {@code thisUpdate} and
     * valid for {@code validity} (its nextUpdate).
     */
    public X509CRL crl(Map<BigInteger, Instant> revoked, Instant thisUpdate, Duration validity) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(thisUpdate.plus(validity)));
        revoked.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when), CRLReason.keyCompromise));
        try {
            return new JcaX509CRLConverter().getCRL(builder.build(signer(keys)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the CRL", e);
        }
    }

    /** A server certificate for the broker, valid for loopback and the given host name. */
    public X509Certificate issueServer(PublicKey key, String hostName, Duration validity) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            Date.from(now.minusSeconds(60)),
                            Date.from(now.plus(validity)),
                            new X500Name("CN=" + hostName + ",O=OTA Fleet"),
                            key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, hostName),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                    }));
            return sign(builder, keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue the broker certificate", e);
        }
    }

    /** Revokes one certificate in the in-memory record. */
    public void revoke(BigInteger serial) {
        revoked.putIfAbsent(serial, Instant.now());
    }

    /**
     * Revokes every certificate of the in-memory record issued to the vehicle.
     *
     * @return their serials (empty when it issued none to this VIN)
     */
    public List<BigInteger> revokeVehicle(String vin) {
        List<BigInteger> serials = serialsIssuedTo(vin);
        serials.forEach(this::revoke);
        return serials;
    }

    public boolean isRevoked(X509Certificate certificate) {
        return isRevoked(certificate.getSerialNumber());
    }

    /** Whether the serial is revoked in the in-memory record. */
    public boolean isRevoked(BigInteger serial) {
        return revoked.containsKey(serial);
    }

    /** The serials of the in-memory record issued to the vehicle, in order of issue. */
    public List<BigInteger> serialsIssuedTo(String vin) {
        synchronized (issuedTo) {
            return issuedTo.entrySet().stream()
                    .filter(e -> e.getValue().equals(vin))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    /** The VIN the in-memory record issued the serial to. */
    public Optional<String> vinOf(BigInteger serial) {
        return Optional.ofNullable(issuedTo.get(serial));
    }

    /** Whether the certificate was issued by this CA (its signature verifies with the CA key). */
    public boolean issued(X509Certificate candidate) {
        try {
            candidate.verify(keys.getPublic());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The CRL of the in-memory record, signed by the CA, valid for a day. */
    public X509CRL crl() {
        return crl(Map.copyOf(revoked), Instant.now(), Duration.ofDays(1));
    }

    /** A key pair and CSR as a vehicle (or gateway) makes them; the private key never leaves its owner. */
    public static PKCS10CertificationRequest request(KeyPair keys, String subject) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                    .build(signer(keys));
        } catch (IllegalArgumentException e) {
            throw new CertificateRequestRefused("not a valid subject: " + subject);
        }
    }

    /**
     * Reads a PEM certificate signing request ({@code -----BEGIN CERTIFICATE REQUEST-----}).
     *
     * @throws CertificateRequestRefused when the text is not one
     */
    public static PKCS10CertificationRequest parseRequest(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PKCS10CertificationRequest request) {
                return request;
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateRequestRefused("not a PEM certificate request: " + e.getMessage());
        }
        throw new CertificateRequestRefused("not a PEM certificate request");
    }

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 in this JVM", e);
        }
    }

    /** The subject CN of a certificate (the VIN of a vehicle). */
    public static Optional<String> commonName(X509Certificate certificate) {
        return attribute(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), BCStyle.CN);
    }

    /** The subject CN a certificate signing request asks for (what the VIN of a vehicle's CSR must be). */
    public static Optional<String> commonName(PKCS10CertificationRequest request) {
        return attribute(request.getSubject(), BCStyle.CN);
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The subject of a vehicle certificate, written by the CA: {@code CN=<VIN>} and nothing else. The VIN has passed
     * {@link MqttTopics#isVin} (17 characters, no separators), so no RDN can be smuggled in through it.
     */
    private static X500Name vehicleSubject(String vin) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, vin).build();
    }

    private static PublicKey publicKey(PKCS10CertificationRequest csr) {
        try {
            return new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new CertificateRequestRefused(
                    Refusal.KEY_NOT_ALLOWED, "the CSR's key cannot be read: " + e.getMessage());
        }
    }

    /** A client (TLS clientAuth) end-entity certificate for {@code subject} over {@code key}, signed by {@code issuer}. */
    static X509Certificate clientCertificate(
            X509Certificate issuer,
            KeyPair issuerKeys,
            X500Name subject,
            PublicKey key,
            Duration validity,
            BigInteger serial) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            serial,
                            Date.from(now.minusSeconds(60)),
                            Date.from(now.plus(validity)),
                            subject,
                            key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return sign(builder, issuerKeys);
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateRequestRefused(Refusal.MALFORMED, "cannot issue from this CSR: " + e.getMessage());
        }
    }

    private X509Certificate issueClient(X500Name subject, PublicKey key, Duration validity, BigInteger serial) {
        return clientCertificate(certificate, keys, subject, key, validity, serial);
    }

    private static Optional<String> attribute(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0
                ? Optional.empty()
                : Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair keys) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(keys)));
    }

    static ContentSigner signer(KeyPair keys) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no " + SIGNATURE + " signer", e);
        }
    }

    static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    /** Why the CA refused a certificate request; the name is what refusals are counted by. */
    public enum Refusal {
        /** Not a PEM/DER certificate request at all. */
        MALFORMED,
        /** The request's signature does not verify with its own key. */
        NO_PROOF_OF_POSSESSION,
        /** The key is not EC P-256, EC P-384 or Ed25519. */
        KEY_NOT_ALLOWED,
        /** The subject is more than {@code CN=<VIN>} (an OU, a second CN, another RDN). */
        SUBJECT_NOT_ONLY_A_VIN,
        /** The CN is not a VIN. */
        NOT_A_VIN,
        /** The request asks for extensions (SANs, key usages) or other attributes. */
        ATTRIBUTES_REQUESTED,
        /** The request's VIN is not the vehicle that sent it. */
        NOT_THE_REQUESTER
    }

    /** A certificate request the CA will not sign, and why. */
    public static final class CertificateRequestRefused extends RuntimeException {
        private final Refusal reason;

        public CertificateRequestRefused(Refusal reason, String message) {
            super(message);
            this.reason = reason;
        }

        public CertificateRequestRefused(String message) {
            this(Refusal.MALFORMED, message);
        }

        public Refusal reason() {
            return reason;
        }
    }
}
