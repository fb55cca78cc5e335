package dev.ota.signing.fleetca.persistence;

import java.time.Instant;

/**
 * One vehicle certificate as the CA recorded it.
 *
 * @param serial hexadecimal, as in the CRL, the API and the events
 */
public record IssuedCertificate(String serial, String vin, Instant notAfter, Instant issuedAt, String issuedBy) {}
