package dev.ota.signing.fleetca;

import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCa.CertificateRequestRefused;
import dev.ota.platform.outbox.Outbox;
import dev.ota.signing.fleetca.persistence.CertificateRecords;
import dev.ota.signing.fleetca.persistence.IssuedCertificate;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues vehicle certificates from a batch of CSRs, each judged on its own: a refused CSR is answered with its reason
 * ({@link FleetCa.Refusal}, counted as {@code ota_fleet_ca_refused_total{reason}}) and does not stop the others.
 *
 * <p>The certificates are signed first (CPU only), then recorded with their {@link VehicleCertificateIssued} events in
 * one transaction for the whole batch: one multi-row insert into {@code fleet_certificate}, one into the outbox. A
 * certificate is handed out only when that transaction committed, so every certificate that exists is recorded and
 * audited; if it fails, none of the batch is handed out.
 */
@Service
public class VehicleProvisioning {

    private static final Logger log = LoggerFactory.getLogger(VehicleProvisioning.class);

    /** One CSR's answer: the certificate, or why there is none. */
    public record Outcome(
            @Nullable String vin,
            @Nullable X509Certificate certificate,
            @Nullable String refused) {

        public @Nullable String serial() {
            return certificate == null ? null : certificate.getSerialNumber().toString(16);
        }
    }

    private final FleetCa ca;
    private final FleetCaProperties properties;
    private final CertificateRecords records;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    VehicleProvisioning(
            FleetCa ca,
            FleetCaProperties properties,
            CertificateRecords records,
            Outbox outbox,
            TransactionTemplate transactions,
            MeterRegistry meters) {
        this.ca = ca;
        this.properties = properties;
        this.records = records;
        this.outbox = outbox;
        this.transactions = transactions;
        this.meters = meters;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /**
     * @param by who asks (the caller's name from the token, or {@code vehicle:<VIN>} for a renewal), for the audit log
     * @return one outcome per CSR, in order
     * @throws IllegalArgumentException when the batch is empty or larger than {@code max-batch}
     */
    public List<Outcome> issue(List<String> csrs, String by) {
        if (csrs.isEmpty() || csrs.size() > properties.maxBatch()) {
            throw new IllegalArgumentException(
                    "a batch carries 1 to " + properties.maxBatch() + " CSRs, got " + csrs.size());
        }
        Instant now = clock.instant();
        List<Outcome> outcomes = csrs.stream().map(this::sign).toList();
        List<IssuedCertificate> issued = new ArrayList<>(outcomes.size());
        List<VehicleCertificateIssued> events = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            X509Certificate certificate = outcome.certificate();
            if (certificate != null && outcome.vin() != null) {
                IssuedCertificate record = new IssuedCertificate(
                        certificate.getSerialNumber().toString(16),
                        outcome.vin(),
                        certificate.getNotAfter().toInstant(),
                        now,
                        by);
                issued.add(record);
                events.add(new VehicleCertificateIssued(
                        UUID.randomUUID(), now, record.vin(), record.serial(), record.notAfter(), by));
            }
        }
        if (!issued.isEmpty()) {
            transactions.executeWithoutResult(status -> {
                records.lockForIssuing(
                        issued.stream().map(IssuedCertificate::vin).toList());
                records.recordIssued(issued);
                outbox.publishAll(events);
            });
        }
        log.info("{} was issued {} vehicle certificates ({} refused)", by, issued.size(), csrs.size() - issued.size());
        return outcomes;
    }

    private Outcome sign(String pem) {
        try {
            X509Certificate certificate =
                    ca.signVehicle(FleetCa.parseRequest(pem), properties.vehicleValidity(), FleetCa.randomSerial());
            return new Outcome(FleetCa.commonName(certificate).orElseThrow(), certificate, null);
        } catch (CertificateRequestRefused refused) {
            return new Outcome(null, null, refused(refused.reason(), refused.getMessage()));
        }
    }

    /** Counts the refusal by reason and answers with its message. */
    String refused(FleetCa.Refusal reason, @Nullable String message) {
        meters.counter("ota.fleet.ca.refused", "reason", reason.name().toLowerCase(Locale.ROOT))
                .increment();
        return String.valueOf(message);
    }
}
