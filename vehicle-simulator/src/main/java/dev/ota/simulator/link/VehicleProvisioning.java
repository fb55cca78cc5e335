package dev.ota.simulator.link;

import dev.ota.pki.FleetCa;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions vehicles in batches, as a factory line would: each vehicle gets its own EC P-256 key pair and a CSR with
 * its VIN as CN; the CSRs of vehicles waiting together go to the fleet CA in one request (up to {@code batch-size}).
 * Keys and CSRs of a batch are made on all cores. When the CA cannot be reached the batch is sent again after
 * {@code retry}, for as long as it takes; a CSR the CA refuses fails that vehicle's provisioning for good.
 */
final class VehicleProvisioning implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VehicleProvisioning.class);

    private record Pending(String vin, CompletableFuture<VehicleIdentity> identity) {}

    private record Request(Pending pending, KeyPair keys, String csr) {}

    private final CertificateAuthority ca;
    private final ProvisioningProperties properties;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Timer batches;
    private final Counter issued;
    private final Thread worker;
    private volatile boolean closed;

    VehicleProvisioning(CertificateAuthority ca, ProvisioningProperties properties, MeterRegistry meters) {
        this.ca = ca;
        this.properties = properties;
        this.batches = Timer.builder("ota.simulator.provisioning.batch")
                .description("one provisioning batch: key pairs, CSRs and the fleet CA's answer")
                .register(meters);
        this.issued = Counter.builder("ota.simulator.certificates.issued")
                .description("vehicle certificates the fleet CA issued to this simulator")
                .register(meters);
        this.worker = Thread.ofPlatform().daemon().name("vehicle-provisioning").start(this::work);
    }

    /** The vehicle's identity once the CA issued its certificate. */
    CompletableFuture<VehicleIdentity> provision(String vin) {
        CompletableFuture<VehicleIdentity> identity = new CompletableFuture<>();
        queue.add(new Pending(vin, identity));
        return identity;
    }

    private void work() {
        while (!closed) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
                // vehicles are added in bursts: wait a moment for the rest of the burst to fill the batch
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, properties.batchSize() - 1);
            issue(batch);
        }
    }

    private void issue(List<Pending> batch) {
        long started = System.nanoTime();
        List<Request> requests = batch.parallelStream()
                .map(pending -> {
                    KeyPair keys = FleetCa.generateKeyPair();
                    return new Request(pending, keys, FleetCa.pem(FleetCa.request(keys, "CN=" + pending.vin())));
                })
                .toList();
        long keysMade = System.nanoTime();
        CertificateAuthority.Batch answer = null;
        while (answer == null && !closed) {
            try {
                answer = ca.issue(requests.stream().map(Request::csr).toList());
            } catch (RuntimeException e) {
                log.warn(
                        "the fleet CA did not issue a batch of {} (again in {}): {}",
                        batch.size(),
                        properties.retry(),
                        e.getMessage());
                try {
                    Thread.sleep(properties.retry().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        if (answer == null) {
            return;
        }
        long answered = System.nanoTime();
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            CertificateAuthority.Answer one = answer.answers().get(i);
            if (one.certificate() != null) {
                issued.increment();
                request.pending()
                        .identity()
                        .complete(new VehicleIdentity(request.keys(), one.certificate(), answer.caCertificate()));
            } else {
                request.pending()
                        .identity()
                        .completeExceptionally(new IllegalStateException(
                                "the fleet CA refused " + request.pending().vin() + ": " + one.refused()));
            }
        }
        long done = System.nanoTime();
        batches.record(done - started, TimeUnit.NANOSECONDS);
        log.info(
                "provisioned {} vehicles in {} ms (key pairs and CSRs {} ms, fleet CA {} ms, TLS set-up of the sessions"
                        + " {} ms)",
                requests.size(),
                (done - started) / 1_000_000,
                (keysMade - started) / 1_000_000,
                (answered - keysMade) / 1_000_000,
                (done - answered) / 1_000_000);
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
