package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestAssignmentSeals;
import dev.ota.uptane.client.Ecu;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.MetadataFetcher;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.client.UptaneVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The director's interface for primaries (Uptane 2.0 section 5.2), seen from Kafka as the gateway sees it: asks on
 * {@code ota.director.requests}, answers on {@code ota.director.answers}, each verified the way a vehicle does.
 * Answers are coalesced per 3 s here. Signing again before expiry: {@code director.DirectorRefreshIntegrationTests}.
 */
class DirectorAskIntegrationTests extends SigningServiceIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

    private static String newVin() {
        String alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        StringBuilder vin = new StringBuilder("ASK");
        for (int i = 0; i < 14; i++) {
            vin.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return vin.toString();
    }

    private static DirectorMetadataRequested ask(String vin, long known) {
        return new DirectorMetadataRequested(UUID.randomUUID(), Instant.now(), vin, known);
    }

    private static DirectorMetadataAnswered answerTo(DirectorMetadataRequested ask) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.DIRECTOR_ANSWERS,
                r -> KafkaTestClient.eventOf(r, DirectorMetadataAnswered.class)
                        .filter(a -> a.requestId().equals(ask.eventId()))
                        .isPresent(),
                WAIT);
        return KafkaTestClient.eventOf(record, DirectorMetadataAnswered.class).orElseThrow();
    }

    private static List<DirectorMetadataAnswered> answersFor(String vin) {
        return KafkaTestClient.readAll(Topics.DIRECTOR_ANSWERS).stream()
                .filter(r -> vin.equals(r.key()))
                .flatMap(r -> KafkaTestClient.eventOf(r, DirectorMetadataAnswered.class).stream())
                .toList();
    }

    /** A vehicle's director client, trusting the first director root, reading only what it was given. */
    private static RepositoryClient director(TrustedRepository trusted, Map<String, String> metadata) {
        return new RepositoryClient(trusted, MetadataFetcher.of(metadata), Limits.DEFAULT);
    }

    private static TrustedRepository trustingRootOne(Map<String, String> metadata) {
        return new TrustedRepository("director", metadata.get("1.root.json").getBytes(), Clock.systemUTC());
    }

    private double signatures() {
        return meters.find("ota.director.signatures").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private double signatures(String role) {
        Counter counter =
                meters.find("ota.director.signatures").tag("role", role).counter();
        return counter == null ? 0 : counter.count();
    }

    private double asks(String outcome) {
        Counter counter =
                meters.find("ota.director.asks").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private UpdateAssigned assign(String vin, EcuTarget target) {
        var assigned = TestAssignmentSeals.seal(new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(target),
                new InstallConditions(true, 30, false, null),
                null,
                null));
        KafkaTestClient.send(assigned);
        return assigned;
    }

    private static DirectorMetadataIssued issuedFor(UpdateAssigned assigned) {
        return KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.DIRECTOR_METADATA,
                                r -> KafkaTestClient.eventOf(r, DirectorMetadataIssued.class)
                                        .filter(i -> i.assignmentId().equals(assigned.assignmentId()))
                                        .isPresent(),
                                WAIT),
                        DirectorMetadataIssued.class)
                .orElseThrow();
    }

    @Test
    void aVehicleWithoutAnAssignmentGetsSignedTargetsThatListNothingAndTheyVerify() throws Exception {
        String vin = newVin();

        DirectorMetadataAnswered answer = answerTo(sent(ask(vin, 0)));

        assertThat(answer.assignmentId()).isNull();
        assertThat(answer.targetsVersion()).isEqualTo(1);
        assertThat(answer.metadata())
                .containsKeys("1.root.json", "timestamp.json", "1.snapshot.json", "1.targets.json");
        var client = director(trustingRootOne(answer.metadata()), answer.metadata());
        assertThat(UptaneVerifier.fullVerification(
                        client, imageRepositoryClient(), List.of(new Ecu("ECM-1", "ecm-hw", 1))))
                .as("full verification: the director lists nothing to install")
                .isEmpty();
        assertThat(client.trusted().targets("targets").body().targets()).isEmpty();
    }

    @Test
    void asksAreAnsweredFromTheStoredMetadataWithoutSigningAndAVehicleAskingInALoopIsAnsweredOnce() throws Exception {
        String vin = newVin();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image for " + vin);
        UpdateAssigned assigned = assign(vin, target);
        DirectorMetadataIssued issued = issuedFor(assigned);
        double signedBefore = signatures();
        double coalescedBefore = asks("coalesced");

        DirectorMetadataAnswered first = answerTo(sent(ask(vin, 0)));
        for (int i = 0; i < 30; i++) {
            KafkaTestClient.send(ask(vin, 0));
        }
        await().atMost(WAIT).until(() -> asks("coalesced") - coalescedBefore >= 25);

        assertThat(first.assignmentId()).isEqualTo(assigned.assignmentId());
        assertThat(first.campaignId()).isEqualTo(assigned.campaignId());
        assertThat(first.conditions()).isEqualTo(assigned.conditions());
        assertThat(first.metadata())
                .as("the very documents the push carried: nothing signed again")
                .isEqualTo(issued.metadata());
        assertThat(signatures()).as("signatures by the director").isEqualTo(signedBefore);
        assertThat(answersFor(vin))
                .as("31 asks within the answer interval, answered")
                .hasSizeLessThan(6);
        var verified = UptaneVerifier.fullVerification(
                director(trustingRootOne(first.metadata()), first.metadata()),
                imageRepositoryClient(),
                List.of(new Ecu(target.ecuSerial(), "ecm-hw", 3)));
        assertThat(verified.get(target.ecuSerial()).targetPath()).isEqualTo(target.targetPath());
    }

    @Test
    void aVehicleThatHoldsTheStoredTargetsIsNotAnsweredAndOneThatHoldsOlderOnesIs() throws Exception {
        String vin = newVin();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image two for " + vin);
        DirectorMetadataIssued issued = issuedFor(assign(vin, target));
        assertThat(issued.metadata()).containsKey("1.targets.json");
        double upToDate = asks("up_to_date");

        KafkaTestClient.send(ask(vin, 1));
        await().atMost(WAIT).until(() -> asks("up_to_date") > upToDate);
        DirectorMetadataAnswered older = answerTo(sent(ask(vin, 0)));

        assertThat(older.targetsVersion()).isEqualTo(1);
        assertThat(answersFor(vin))
                .as("only the vehicle with older targets was answered")
                .hasSize(1);
    }

    @Test
    void aCancelledAssignmentLeavesNothingForTheVehicleToFetch() throws Exception {
        String vin = newVin();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image to cancel for " + vin);
        UpdateAssigned assigned = assign(vin, target);
        issuedFor(assigned);

        KafkaTestClient.send(new AssignmentCancelled(
                UUID.randomUUID(), Instant.now(), vin, assigned.assignmentId(), assigned.campaignId(), "aborted"));
        await().atMost(WAIT).untilAsserted(() -> {
            DirectorMetadataAnswered answer = answerTo(sent(ask(vin, 1)));
            assertThat(answer.targetsVersion()).isEqualTo(2);
            assertThat(answer.assignmentId()).isNull();
            var client = director(trustingRootOne(answer.metadata()), answer.metadata());
            assertThat(client.refresh().targets()).isEmpty();
        });
    }

    private static DirectorMetadataRequested sent(DirectorMetadataRequested ask) {
        KafkaTestClient.send(ask);
        return ask;
    }
}
