package dev.ota.pki;

import dev.ota.contracts.mqtt.MqttTopics;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
import org.bouncycastle.cert.X509CRLHolder;
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
import org.jspecify.annotations.Nullable;

/**
 * The fleet CA (EC P-256, SHA-256 with ECDSA). Vehicles send a certificate signing request for their VIN; the CA
 * checks it against {@link VehicleRequestPolicy} (proof of possession, subject exactly {@code CN=<VIN>}, no requested
 * extensions, an allowed key) and issues a client certificate whose subject it writes itself. It issues nothing to
 * platform components: they get their certificates from a {@link PlatformIssuer}, which no vehicle-facing path can
 * reach, and the broker tells them apart by that issuer. The broker gets a server certificate from this CA. Revoked
 * serials are listed in a signed CRL, which the broker's extension consults on every connect. A CA made with
 * {@link #loadOrCreate} keeps its key, what it issued and what it revoked on disk (see {@link FleetCaFiles}).
 */
public final class FleetCa {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final @Nullable FleetCaFiles files;
    private final CaDirectoryLock lock;
    private final RevokedSerials revoked;
    private final IssuedCertificates issued;

    private FleetCa(KeyPair keys, X509Certificate certificate, @Nullable FleetCaFiles files) {
        this.keys = keys;
        this.certificate = certificate;
        this.files = files;
        this.lock = files == null ? CaDirectoryLock.inMemory() : files.lock();
        this.revoked = files == null
                ? RevokedSerials.inMemory(certificate.getPublicKey())
                : files.revoked(certificate.getPublicKey());
        this.issued = files == null ? IssuedCertificates.inMemory() : files.issued();
    }

    /**
     * The CA kept in {@code directory}: its key and certificate in a PKCS#12 file, the serials it issued to vehicles
     * and its CRL beside it. Created there on first use (when two processes race, one creation wins and the other
     * loads it); loaded on every later call, with the revocations and issued serials recorded so far.
     *
     * <p>Several processes (gateway replicas on a shared volume) may each load the same directory: every issuance and
     * revocation runs under the directory's lock and first reads what the others wrote (see {@link CaDirectoryLock});
     * every read looks whether the files changed and reads them again if so.
     *
     * @param password protects the PKCS#12 file
     */
    public static FleetCa loadOrCreate(Path directory, char[] password, String name, Duration validity) {
        FleetCaFiles files = new FleetCaFiles(directory, password);
        FleetCaFiles.Stored stored = files.loadOrCreate(() -> {
            FleetCa fresh = create(name, validity);
            return new FleetCaFiles.Stored(fresh.keys, fresh.certificate);
        });
        FleetCa ca = new FleetCa(stored.keys(), stored.certificate(), files);
        ca.lock.run(() -> {
            files.writeCertificate(ca.certificate());
            ca.revokeAll(List.of(), true);
        });
        return ca;
    }

    /** Where a persistent CA keeps its CRL (PEM, rewritten on every revocation); empty for an in-memory CA. */
    public Optional<Path> crlFile() {
        return Optional.ofNullable(files).map(FleetCaFiles::crlFile);
    }

    /** Where a persistent CA writes its certificate in PEM (for brokers); empty for an in-memory CA. */
    public Optional<Path> certificateFile() {
        return Optional.ofNullable(files).map(FleetCaFiles::certificateFile);
    }

    /** A new CA with a self-signed certificate. */
    public static FleetCa create(String name, Duration validity) {
        KeyPair keys = generateKeyPair();
        return new FleetCa(keys, selfSignedCa("CN=" + name + ",O=OTA Fleet", keys, validity), null);
    }

    /**
     * The CA over a key and certificate kept elsewhere (signing-service's PKCS#12, see {@link FleetCaKeyStore}), with
     * no record of its own: the caller keeps what it issued and revoked, and uses {@link #signVehicle} and
     * {@link #crl(Map, Instant, Duration)}.
     */
    public static FleetCa of(KeyPair keys, X509Certificate certificate) {
        return new FleetCa(keys, certificate, null);
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
     * Issues a vehicle client certificate from its CSR.
     *
     * @throws CertificateRequestRefused when the CSR's signature does not verify or its CN is not a VIN
     */
    public X509Certificate issueVehicle(PKCS10CertificationRequest csr, Duration validity) {
        return issueVehicle(csr, validity, certificate -> {});
    }

    /**
     * Issues a vehicle client certificate from its CSR, and hands it to {@code beforeRecording} once signed, before it
     * is recorded in the index and returned: the gateway holds the audit event there, so that no certificate is ever
     * recorded (or handed out) without its event waiting in the outbox. When {@code beforeRecording} throws, the
     * certificate is neither recorded nor returned.
     *
     * @throws CertificateRequestRefused when the CSR's signature does not verify or its CN is not a VIN
     */
    public X509Certificate issueVehicle(
            PKCS10CertificationRequest csr, Duration validity, Consumer<X509Certificate> beforeRecording) {
        String vin = VehicleRequestPolicy.vinOf(csr);
        return lock.exclusively(() -> {
            issued.refresh();
            revoked.refresh();
            X509Certificate issuedCertificate =
                    issueClient(vehicleSubject(vin), publicKey(csr), validity, unusedSerial());
            beforeRecording.accept(issuedCertificate);
            issued.record(vin, issuedCertificate);
            return issuedCertificate;
        });
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

    /**
     * A random 127-bit serial no vehicle certificate in the index has and the CRL does not list (under the directory
     * lock, after a refresh): a collision is astronomically unlikely, and this makes it impossible rather than unlikely.
     */
    private BigInteger unusedSerial() {
        BigInteger serial = serial();
        while (issued.knows(serial) || revoked.current().containsKey(serial)) {
            serial = serial();
        }
        return serial;
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

    /** Revokes one certificate; a persistent CA rewrites its CRL file before returning. */
    public void revoke(BigInteger serial) {
        revokeAll(List.of(serial));
    }

    /**
     * Revokes every certificate this CA issued to the vehicle, including those another process sharing the directory
     * issued (the index is read again under the lock).
     *
     * @return the serials of the vehicle's certificates, all revoked now (empty when the CA never issued to this VIN)
     */
    public List<BigInteger> revokeVehicle(String vin) {
        return revokeVehicle(vin, serials -> {});
    }

    /**
     * Revokes every certificate this CA issued to the vehicle, and hands their serials to {@code beforeRevoking}
     * (under the directory lock, before the CRL is rewritten; not called when there are none): the gateway holds the
     * audit event there, so the event lists exactly the serials revoked, those another replica issued a moment ago
     * included. When {@code beforeRevoking} throws, nothing is revoked.
     *
     * @return the serials of the vehicle's certificates, all revoked now (empty when the CA never issued to this VIN)
     */
    public List<BigInteger> revokeVehicle(String vin, Consumer<List<BigInteger>> beforeRevoking) {
        return lock.exclusively(() -> {
            List<BigInteger> serials = issued.serialsOf(vin);
            if (!serials.isEmpty()) {
                beforeRevoking.accept(serials);
            }
            revokeAll(serials, false);
            return serials;
        });
    }

    /** Revokes the serials with one CRL rewrite (package-private: the API revokes one serial or one vehicle). */
    void revokeAll(List<BigInteger> serials) {
        lock.run(() -> revokeAll(serials, false));
    }

    /**
     * Under the directory lock: reads the CRL file again (another process may have revoked since), adds the serials
     * and replaces the file with the merged list, so no process's revocation is lost to another's rewrite.
     *
     * @param republish write the CRL even when nothing new is revoked (at load: creates the file on first start and
     *     renews its dates)
     */
    private void revokeAll(List<BigInteger> serials, boolean republish) {
        revoked.refresh();
        Map<BigInteger, Instant> next = revoked.adding(serials, Instant.now());
        if (next.size() == revoked.current().size() && !republish) {
            return;
        }
        X509CRL crl = crlOf(next);
        if (files != null) {
            files.writeCrl(crl);
        }
        revoked.wrote(next);
    }

    public boolean isRevoked(X509Certificate certificate) {
        return isRevoked(certificate.getSerialNumber());
    }

    /** Whether the serial is on the CRL, as the file is now (other processes' revocations included). */
    public boolean isRevoked(BigInteger serial) {
        return revoked.contains(serial);
    }

    /**
     * The serials this CA (or another process on its directory) issued to the vehicle, in order of issue; empty when
     * it never issued one to it.
     */
    public List<BigInteger> serialsIssuedTo(String vin) {
        return issued.serialsOf(vin);
    }

    /** The VIN this CA issued the serial to; empty for a serial it never issued to a vehicle. */
    public Optional<String> vinOf(BigInteger serial) {
        return Optional.ofNullable(issued.vinOf(serial));
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

    /** The current certificate revocation list (other processes' revocations included), signed by the CA, valid for a day. */
    public X509CRL crl() {
        revoked.refresh();
        return crlOf(revoked.current());
    }

    private X509CRL crlOf(Map<BigInteger, Instant> serials) {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        serials.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when), CRLReason.keyCompromise));
        try {
            X509CRLHolder holder = builder.build(signer(keys));
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the CRL", e);
        }
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
