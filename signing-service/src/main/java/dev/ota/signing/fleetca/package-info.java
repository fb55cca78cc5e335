/**
 * The fleet CA: vehicle certificates from CSRs, revocation and the signed CRL, renewal over Kafka; its record is this
 * service's database and every change is audited through the outbox in the same transaction.
 */
@NullMarked
package dev.ota.signing.fleetca;

import org.jspecify.annotations.NullMarked;
