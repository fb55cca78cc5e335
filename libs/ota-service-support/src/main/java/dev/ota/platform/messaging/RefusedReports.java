package dev.ota.platform.messaging;

import dev.ota.contracts.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/**
 * Refuses vehicle reports that are not the reporting vehicle's to make. A vehicle is hostile even with a valid
 * certificate: the gateway binds each message to the certificate's VIN, but an assignment id in the payload is just a
 * value the vehicle chose. A report about an assignment of another vehicle (progress, a health beacon, a consent
 * answer) must change nothing. Each refusal is counted in {@code ota.vehicle.reports.refused} by reason and event type,
 * and the returned exception, thrown from an {@link InboundEvents} handler, dead-letters the record with its message as
 * the reason.
 */
public class RefusedReports {

    /** The reason of a report whose VIN is not the VIN of the assignment it names. */
    public static final String VIN_MISMATCH = "vin_mismatch";

    private final MeterRegistry meters;

    public RefusedReports(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Counts a report about another vehicle's assignment.
     *
     * @return the exception to throw (or to dead-letter with), its message naming the reason, both VINs and the
     *     assignment
     */
    public MalformedEventException vinMismatch(
            String eventType, String reportVin, UUID assignmentId, String assignmentVin) {
        count(VIN_MISMATCH, eventType, 1);
        return new MalformedEventException(VIN_MISMATCH + ": " + eventType + " from VIN " + reportVin
                + " names assignment " + assignmentId + " of VIN " + assignmentVin);
    }

    /** Counts reports refused without an exception (e.g. discarded later, when their assignment arrived). */
    public void count(String reason, String eventType, int reports) {
        Counter.builder("ota.vehicle.reports.refused")
                .description("vehicle reports refused, by reason (vin_mismatch: about another vehicle's assignment)")
                .tag("reason", reason)
                .tag("type", eventType)
                .register(meters)
                .increment(reports);
    }
}
