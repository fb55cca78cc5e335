package dev.ota.signing.director;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.signing.SigningServiceIntegrationTest;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestAssignmentSeals;
import dev.ota.uptane.client.Ecu;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.MetadataFetcher;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.client.UptaneVerifier;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.Timestamp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Stored director documents are signed again before they expire. The job ({@link DirectorRefresh#renewBatch}) is run
 * as at a later moment (the default lifetimes: timestamp 1 day, snapshot and targets 30 days, renewed below half), and
 * a vehicle that trusted the documents of the push takes the renewed ones it is answered with (no version goes down).
 */
class DirectorRefreshIntegrationTests extends SigningServiceIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    DirectorRefresh refresh;

    @Autowired
    MeterRegistry meters;

    @Test
    void timestampAndThenSnapshotAreSignedAgainBeforeTheyExpireAndTheVehicleTakesThem() throws Exception {
        String vin = "RFR"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image kept fresh for " + vin);
        UpdateAssigned assigned = TestAssignmentSeals.seal(new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(target),
                InstallConditions.NONE,
                null,
                null));
        KafkaTestClient.send(assigned);
        DirectorMetadataIssued issued = KafkaTestClient.eventOf(
                        KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), WAIT),
                        DirectorMetadataIssued.class)
                .orElseThrow();
        TrustedRepository vehicle = new TrustedRepository(
                "director", issued.metadata().get("1.root.json").getBytes(), Clock.systemUTC());
        verify(vehicle, issued.metadata(), target);
        Timestamp pushed = timestamp(issued.metadata());

        // 13 hours on, less than half of the 1-day timestamp remains: only the timestamp is signed again
        double targetsSigned = signatures("targets");
        double snapshotsSigned = signatures("snapshot");
        assertThat(renewAllDueAt(Instant.now().plus(Duration.ofHours(13)))).isPositive();
        DirectorMetadataAnswered afterHalfADay = answer(vin);
        Timestamp renewed = timestamp(afterHalfADay.metadata());
        assertThat(renewed.version()).isEqualTo(pushed.version() + 1);
        assertThat(renewed.expires()).isAfter(pushed.expires().plus(Duration.ofHours(12)));
        assertThat(renewed.snapshot().version()).as("same snapshot").isEqualTo(1);
        assertThat(signatures("targets")).isEqualTo(targetsSigned);
        assertThat(signatures("snapshot")).isEqualTo(snapshotsSigned);
        verify(vehicle, afterHalfADay.metadata(), target);

        // 16 days on, less than half of the 30-day snapshot and targets remains: the same targets under the next
        // version, with snapshot and timestamp
        assertThat(renewAllDueAt(Instant.now().plus(Duration.ofDays(16)))).isPositive();
        DirectorMetadataAnswered afterSixteenDays = answer(vin);
        assertThat(afterSixteenDays.targetsVersion()).isEqualTo(2);
        assertThat(afterSixteenDays.assignmentId()).isEqualTo(assigned.assignmentId());
        assertThat(snapshot(afterSixteenDays.metadata()).version()).isEqualTo(2);
        assertThat(snapshot(afterSixteenDays.metadata()).expires())
                .isAfter(Instant.now().plus(Duration.ofDays(40)));
        assertThat(timestamp(afterSixteenDays.metadata()).version()).isEqualTo(pushed.version() + 2);
        assertThat(signatures("targets")).isGreaterThan(targetsSigned);
        verify(vehicle, afterSixteenDays.metadata(), target);

        assertThat(refresh.renewBatch(Instant.now().plus(Duration.ofHours(1))))
                .as("nothing due an hour from now, after renewing for 16 days on")
                .isZero();
    }

    /** What the job does in one run, as at {@code moment}: batches until nothing is due. */
    private int renewAllDueAt(Instant moment) {
        int total = 0;
        for (int renewed = refresh.renewBatch(moment); renewed > 0; renewed = refresh.renewBatch(moment)) {
            total += renewed;
        }
        return total;
    }

    private double signatures(String role) {
        Counter counter =
                meters.find("ota.director.signatures").tag("role", role).counter();
        return counter == null ? 0 : counter.count();
    }

    private static DirectorMetadataAnswered answer(String vin) {
        var ask = new DirectorMetadataRequested(UUID.randomUUID(), Instant.now(), vin, 0);
        KafkaTestClient.send(ask);
        return KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.DIRECTOR_ANSWERS,
                                r -> KafkaTestClient.eventOf(r, DirectorMetadataAnswered.class)
                                        .filter(a -> a.requestId().equals(ask.eventId()))
                                        .isPresent(),
                                WAIT),
                        DirectorMetadataAnswered.class)
                .orElseThrow();
    }

    /** What the vehicle does: full verification with the state it kept from before (no version may go down). */
    private void verify(TrustedRepository vehicle, Map<String, String> metadata, EcuTarget target) throws Exception {
        var verified = UptaneVerifier.fullVerification(
                new RepositoryClient(vehicle, MetadataFetcher.of(metadata), Limits.DEFAULT),
                imageRepositoryClient(),
                List.of(new Ecu(target.ecuSerial(), "ecm-hw", 3)));
        assertThat(verified).containsOnlyKeys(target.ecuSerial());
    }

    private static Timestamp timestamp(Map<String, String> metadata) {
        return SignedDocument.parse(metadata.get("timestamp.json"), Timestamp::fromJson)
                .body();
    }

    private static Snapshot snapshot(Map<String, String> metadata) {
        String name = metadata.keySet().stream()
                .filter(n -> n.endsWith(".snapshot.json"))
                .findFirst()
                .orElseThrow();
        return SignedDocument.parse(metadata.get(name), Snapshot::fromJson).body();
    }
}
