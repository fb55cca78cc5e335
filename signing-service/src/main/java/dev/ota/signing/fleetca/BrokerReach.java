package dev.ota.signing.fleetca;

import dev.ota.signing.fleetca.persistence.CertificateRecords;
import dev.ota.signing.fleetca.persistence.CrlReaders;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Whether a committed revocation has reached the broker nodes. Each node fetches the CRL every second with its id
 * ({@code Ota-Broker} header); the CA records which CRL version it served to it ({@code fleet_crl_reader}, shared by
 * the replicas). A revoking call then waits up to {@code broker-wait} until every node seen within
 * {@code broker-seen-within} holds a CRL listing the revocation, and answers with how many do: the revocation is in
 * force at every live node before the call answers (a node's sweep then closes the session within 500 ms), or the
 * caller is told which part of the fleet of brokers has not confirmed it. A node not seen for that long (down,
 * partitioned) is not waited for; it catches up at its next fetch and enforces its cached CRL meanwhile.
 */
@Service
public class BrokerReach {

    /** A broker id as it may appear in the header: a host or pod name. */
    private static final Pattern BROKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final CrlReaders readers;
    private final CertificateRecords records;
    private final FleetCaProperties properties;
    private final Clock clock = Clock.systemUTC();

    BrokerReach(CrlReaders readers, CertificateRecords records, FleetCaProperties properties) {
        this.readers = readers;
        this.records = records;
        this.properties = properties;
    }

    /** How many of the live broker nodes hold a revocation, and of how many. */
    public record Reached(int brokers, int of) {

        public boolean all() {
            return brokers == of;
        }
    }

    /** Records that a broker node holds the CRL of this version; an id that is not one is ignored. */
    public void fetched(String brokerId, long version) {
        if (BROKER_ID.matcher(brokerId).matches()) {
            readers.fetched(brokerId, version, clock.instant());
        }
    }

    /** Waits (bounded) until every live node holds every revocation committed so far. */
    public Reached awaitCurrentRevocations() {
        long version = records.revocationVersion();
        Instant deadline = clock.instant().plus(properties.brokerWait());
        while (true) {
            CrlReaders.Reach reach = readers.reach(version, clock.instant().minus(properties.brokerSeenWithin()));
            if (reach.reached() >= reach.of() || !clock.instant().isBefore(deadline)) {
                return new Reached(reach.reached(), reach.of());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reached(reach.reached(), reach.of());
            }
        }
    }
}
