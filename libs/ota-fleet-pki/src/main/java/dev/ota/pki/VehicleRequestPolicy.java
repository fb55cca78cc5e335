package dev.ota.pki;

import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.FleetCa.CertificateRequestRefused;
import dev.ota.pki.FleetCa.Refusal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * What the fleet CA accepts from a vehicle before it signs anything. A vehicle may ask for exactly one thing: a client
 * certificate for its VIN, over a key it proves it holds, of a type the platform trusts. So the CSR's subject must be
 * {@code CN=<VIN>} and nothing else (no OU, no second CN, no other RDN), the CSR must request no extensions or other
 * attributes (no SANs, no key usages of its choosing), and the key must be EC P-256, EC P-384 or Ed25519. Anything else
 * is refused with its {@link Refusal}, never "cleaned up" and signed: a vehicle that asks for more than its VIN is
 * either broken or attacking, and either way the answer should say so. What the certificate then says is written by
 * the CA, not copied from the request.
 */
final class VehicleRequestPolicy {

    private VehicleRequestPolicy() {}

    /**
     * The VIN the request may be issued for.
     *
     * @throws CertificateRequestRefused with the reason, when the request asks for anything but a certificate for one
     *     VIN over an allowed key it holds
     */
    static String vinOf(PKCS10CertificationRequest csr) {
        requireProofOfPossession(csr);
        requireAllowedKey(csr.getSubjectPublicKeyInfo().getAlgorithm());
        if (csr.getAttributes().length > 0) {
            throw new CertificateRequestRefused(
                    Refusal.ATTRIBUTES_REQUESTED,
                    "the CSR requests extensions or attributes (" + csr.getAttributes()[0].getAttrType()
                            + "); the fleet CA decides what a vehicle certificate carries");
        }
        RDN[] rdns = csr.getSubject().getRDNs();
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            throw new CertificateRequestRefused(
                    Refusal.SUBJECT_NOT_ONLY_A_VIN,
                    "the CSR's subject must be exactly CN=<VIN>, got " + csr.getSubject());
        }
        AttributeTypeAndValue only = rdns[0].getFirst();
        if (!BCStyle.CN.equals(only.getType())) {
            throw new CertificateRequestRefused(
                    Refusal.SUBJECT_NOT_ONLY_A_VIN,
                    "the CSR's subject must be exactly CN=<VIN>, got " + csr.getSubject());
        }
        String cn = IETFUtils.valueToString(only.getValue());
        if (!MqttTopics.isVin(cn)) {
            throw new CertificateRequestRefused(Refusal.NOT_A_VIN, "the CSR's CN must be the vehicle's VIN, got " + cn);
        }
        return cn;
    }

    private static void requireProofOfPossession(PKCS10CertificationRequest csr) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new CertificateRequestRefused(
                    Refusal.NO_PROOF_OF_POSSESSION, "the CSR's signature cannot be checked: " + e.getMessage());
        }
        if (!valid) {
            throw new CertificateRequestRefused(
                    Refusal.NO_PROOF_OF_POSSESSION, "the CSR's signature does not verify (no proof of possession)");
        }
    }

    /** EC over P-256 or P-384, or Ed25519: the curves TLS 1.3 and the vehicles' secure elements both have. */
    private static void requireAllowedKey(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier type = algorithm.getAlgorithm();
        if (EdECObjectIdentifiers.id_Ed25519.equals(type)) {
            return;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)
                && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve
                && (SECObjectIdentifiers.secp256r1.equals(curve) || SECObjectIdentifiers.secp384r1.equals(curve))) {
            return;
        }
        throw new CertificateRequestRefused(
                Refusal.KEY_NOT_ALLOWED,
                "the CSR's key (" + keyDescription(algorithm) + ") is not allowed; use EC P-256, EC P-384 or Ed25519");
    }

    private static String keyDescription(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier type = algorithm.getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
            return "EC, curve " + algorithm.getParameters();
        }
        if (org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
            return "RSA";
        }
        return type.getId();
    }
}
