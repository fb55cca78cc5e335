package dev.ota.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.audit.AuditApi;
import dev.ota.audit.AuditServiceTest;
import dev.ota.audit.TestEvents;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.InMemoryTree;
import dev.ota.audit.merkle.ProofVerifier;
import dev.ota.audit.merkle.Proofs;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.SignedNote;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.CheckpointSigned;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.testsupport.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@AuditServiceTest
class LogIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog log;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${spring.cloud.stream.bindings.auditLogConsumer-in-0.destination}")
    String boundTopics;

    @Test
    void consumesEveryPlatformTopic() {
        assertThat(List.of(boundTopics.split(","))).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void appendsEventsFromEveryTopicOnceExactlyAsSentAndProvesThemAgainstASignedCheckpoint() {
        AuditApi api = new AuditApi(port);
        List<OtaEvent> events = TestEvents.onePerProducingTopic("WVWZZZ1JZLOG00001");
        events.forEach(TestEvents::send);
        KafkaTestClient.send(events.get(2)); // redelivery of the same event id
        awaitLogged(events);

        JsonNode signed = api.json(api.post("/api/audit/checkpoints", "ADMIN"));
        SignedNote note = SignedNote.parse(signed.get("note").asString());
        NoteKey key = NoteKey.parseVerifierKey(api.json(api.get("/api/audit/checkpoints/key", "AUDITOR"))
                .get("verifierKey")
                .asString());
        assertThat(note.verifiedBy(key)).as("checkpoint signature").isTrue();
        Checkpoint checkpoint = Checkpoint.parse(note.body());

        for (OtaEvent event : events) {
            LogEntry entry = log.entry(TestEvents.loggedId(event)).orElseThrow();
            assertThat(entry.payload()).isEqualTo(TestEvents.wire(event));
            assertThat(entry.topic()).isEqualTo(event.topic());
            assertThat(jdbc.queryForObject(
                            "select count(*) from log_entry where event_id = ?",
                            Long.class,
                            TestEvents.loggedId(event)))
                    .as("appended once")
                    .isEqualTo(1);

            JsonNode proof =
                    api.json(api.get("/api/audit/proofs/inclusion?eventId=" + TestEvents.loggedId(event), "AUDITOR"));
            assertThat(proof.get("treeSize").asLong()).isEqualTo(checkpoint.treeSize());
            List<byte[]> path = proof.get("path")
                    .valueStream()
                    .map(h -> Hashes.fromHex(h.asString()))
                    .toList();
            assertThat(ProofVerifier.inclusion(
                            Hashes.leaf(TestEvents.wire(event)),
                            entry.index(),
                            checkpoint.treeSize(),
                            path,
                            checkpoint.rootHash()))
                    .as("inclusion of %s", event.type())
                    .isTrue();
        }
    }

    @Test
    void filesTheFleetCasIssuancesAndRevocationsInTheVehiclesHistory() {
        String vin =
                "WVWZZZ1JZCRT%05d".formatted(Math.floorMod(UUID.randomUUID().hashCode(), 100_000));
        Instant now = Instant.now();
        List<OtaEvent> events = List.of(
                new VehicleCertificateIssued(
                        UUID.randomUUID(), now, vin, "1f3a9c", now.plus(Duration.ofDays(365)), "vehicle-simulator"),
                new VehicleCertificateRevoked(
                        UUID.randomUUID(), now.plusSeconds(1), vin, List.of("1f3a9c"), "vehicle stolen", "olga"));
        events.forEach(TestEvents::send);
        awaitLogged(events);

        for (OtaEvent event : events) {
            assertThat(log.entry(TestEvents.loggedId(event)).orElseThrow().topic())
                    .isEqualTo(Topics.FLEET_CERTIFICATES);
        }
        JsonNode history =
                new AuditApi(port).json(new AuditApi(port).get("/api/audit/vehicles/" + vin + "/history", "AUDITOR"));
        assertThat(history.get("entries").valueStream().map(e -> e.get("type").asString()))
                .containsExactly("ota.VehicleCertificateIssued.v1", "ota.VehicleCertificateRevoked.v1");
    }

    @Test
    void filesTheGatewaysRefusalsInTheHistoryOfTheCertificateThatSentThemNeverOfTheVinItsTopicClaimed() {
        String sender =
                "WVWZZZ1JZEDG%05d".formatted(Math.floorMod(UUID.randomUUID().hashCode(), 100_000));
        String claimed =
                "WVWZZZ1JZCLM%05d".formatted(Math.floorMod(UUID.randomUUID().hashCode(), 100_000));
        var refused = new VehicleMessageRefused(
                UUID.randomUUID(),
                Instant.now(),
                sender,
                "ota/v1/" + claimed + "/status",
                "IDENTITY_MISMATCH",
                "certificate identity " + sender + " does not match topic VIN " + claimed,
                412,
                "ab".repeat(32),
                2);
        TestEvents.send(refused);
        awaitLogged(List.of(refused));

        assertThat(log.entry(TestEvents.loggedId(refused)).orElseThrow().topic())
                .isEqualTo(Topics.EDGE_REFUSALS);
        AuditApi api = new AuditApi(port);
        JsonNode history = api.json(api.get("/api/audit/vehicles/" + sender + "/history", "AUDITOR"));
        assertThat(history.get("entries").valueStream().map(e -> e.get("type").asString()))
                .containsExactly("ota.VehicleMessageRefused.v1");
        assertThat(api.get("/api/audit/vehicles/" + claimed + "/history", "AUDITOR")
                        .statusCode())
                .as("the log holds nothing about the vehicle the posing message's topic named")
                .isEqualTo(404);
    }

    @Test
    void publishesEachCheckpointAsCheckpointSignedWithAVerifiableSignature() {
        AuditApi api = new AuditApi(port);
        List<OtaEvent> events = TestEvents.onePerProducingTopic("WVWZZZ1JZLOG00002");
        events.forEach(TestEvents::send);
        awaitLogged(events);
        JsonNode signed = api.json(api.post("/api/audit/checkpoints", "ADMIN"));
        Checkpoint checkpoint =
                Checkpoint.parse(SignedNote.parse(signed.get("note").asString()).body());
        NoteKey key = NoteKey.parseVerifierKey(api.json(api.get("/api/audit/checkpoints/key", "AUDITOR"))
                .get("verifierKey")
                .asString());

        var record = KafkaTestClient.await(
                Topics.AUDIT_CHECKPOINTS,
                r -> KafkaTestClient.eventOf(r, CheckpointSigned.class)
                        .map(e -> e.treeSize() == checkpoint.treeSize()
                                && e.occurredAt().equals(checkpoint.timestamp()))
                        .orElse(false),
                Duration.ofSeconds(30));
        CheckpointSigned published =
                KafkaTestClient.eventOf(record, CheckpointSigned.class).orElseThrow();
        assertThat(KafkaTestClient.header(record, Headers.EVENT_ID))
                .contains(published.eventId().toString());
        assertThat(published.logId()).isEqualTo("test.audit.ota.dev/log");
        assertThat(Base64.getDecoder().decode(published.rootHash())).isEqualTo(checkpoint.rootHash());
        assertThat(published.keyId()).isEqualTo(key.keyHashHex());
        Checkpoint rebuilt = new Checkpoint(
                published.logId(),
                published.treeSize(),
                Base64.getDecoder().decode(published.rootHash()),
                published.occurredAt());
        assertThat(key.verifies(
                        rebuilt.body().getBytes(StandardCharsets.UTF_8),
                        Base64.getDecoder().decode(published.signature())))
                .as("the published signature verifies over the checkpoint body rebuilt from the event")
                .isTrue();
        // The log records its own checkpoints too, as it records every platform event.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> log.entry(published.eventId()).isPresent());
    }

    @Test
    void provesEveryLaterCheckpointConsistentWithAnEarlierOne() {
        AuditApi api = new AuditApi(port);
        List<OtaEvent> first = TestEvents.onePerProducingTopic("WVWZZZ1JZLOG00003");
        first.forEach(TestEvents::send);
        awaitLogged(first);
        Checkpoint older = Checkpoint.parse(SignedNote.parse(api.json(api.post("/api/audit/checkpoints", "ADMIN"))
                        .get("note")
                        .asString())
                .body());
        List<OtaEvent> second = TestEvents.onePerProducingTopic("WVWZZZ1JZLOG00004");
        second.forEach(TestEvents::send);
        awaitLogged(second);
        Checkpoint newer = Checkpoint.parse(SignedNote.parse(api.json(api.post("/api/audit/checkpoints", "ADMIN"))
                        .get("note")
                        .asString())
                .body());

        JsonNode proof = api.json(api.get(
                "/api/audit/proofs/consistency?first=" + older.treeSize() + "&second=" + newer.treeSize(), "AUDITOR"));
        List<byte[]> hashes = proof.get("proof")
                .valueStream()
                .map(h -> Hashes.fromHex(h.asString()))
                .toList();
        assertThat(ProofVerifier.consistency(
                        older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), hashes))
                .isTrue();
        assertThat(proof.get("firstCheckpoint").asString())
                .contains(Base64.getEncoder().encodeToString(older.rootHash()));
    }

    @Test
    void sendsWhatIsNotAnEventToTheDeadLetterTopicAndKeepsAppending() {
        String poisonKey = "poison-" + UUID.randomUUID();
        KafkaTestClient.send(Topics.VEHICLE_REPORTS, poisonKey, "{\"type\":\"ota.ManifestReported.v1\"}");
        List<OtaEvent> after = TestEvents.onePerProducingTopic("WVWZZZ1JZLOG00005");
        after.forEach(TestEvents::send);

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_REPORTS), r -> poisonKey.equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_CONSUMER)).contains("audit-service");
        awaitLogged(after);
    }

    @Test
    void keepsEventsOfTypesThisBuildDoesNotKnow() {
        UUID id = UUID.randomUUID();
        String future = "{\"type\":\"ota.SomethingNew.v1\",\"schemaVersion\":1,\"eventId\":\"" + id
                + "\",\"occurredAt\":\"2026-11-26T10:00:00Z\",\"vin\":\"X\"}";
        KafkaTestClient.send(Topics.CAMPAIGN_EVENTS, "X", future);
        // from a vehicle, through the gateway
        UUID vehicleId = UUID.randomUUID();
        byte[] fromVehicle = VehicleEventIds.stamp(
                        future.replace(id.toString(), vehicleId.toString()).getBytes(StandardCharsets.UTF_8), "X")
                .payload();
        KafkaTestClient.send(Topics.VEHICLE_REPORTS, "X", fromVehicle);

        UUID logged = VehicleEventIds.derive("X", vehicleId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> log.entry(id).isPresent() && log.entry(logged).isPresent());
        assertThat(new String(log.entry(id).orElseThrow().payload(), StandardCharsets.UTF_8))
                .isEqualTo(future);
        assertThat(log.entry(logged).orElseThrow().payload()).isEqualTo(fromVehicle);
    }

    /**
     * The gateway hands a command's source event id to the vehicle ({@code commandId}). Were a record on a vehicle topic
     * under that id appended while the log lags behind the assignments topic, the real {@code UpdateAssigned} would be
     * skipped as a duplicate and vanish from the evidence. Only records whose id the gateway derived may claim an id.
     */
    @Test
    void aVehicleRecordUnderAPlatformEventsIdCannotShadowThatEventInTheLog() {
        String vin = "WVWZZZ1JZLOG00006";
        UUID campaign = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        UpdateAssigned assigned = TestEvents.updateAssigned(vin, campaign, assignment, TestEvents.brake("2.4.1", "cd"));
        UpdateProgress underPlatformId = new UpdateProgress(
                assigned.eventId(), Instant.now(), vin, assignment, null, InstallPhase.SUCCEEDED, null);
        // not through the gateway: the vehicle's id as it chose it
        KafkaTestClient.send(underPlatformId);
        // through the gateway: the same report, stamped; same key and topic, so it is read after the first
        TestEvents.send(underPlatformId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> log.entry(TestEvents.loggedId(underPlatformId)).isPresent());

        KafkaTestClient.send(assigned);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(log.entry(assigned.eventId())).hasValueSatisfying(entry -> {
                    assertThat(entry.topic()).isEqualTo(Topics.VEHICLE_ASSIGNMENTS);
                    assertThat(entry.payload()).isEqualTo(EventCodec.encode(assigned));
                }));
        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_REPORTS), r -> vin.equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                .contains("vehicle event id " + assigned.eventId() + " is not the one the gateway derives from VIN "
                        + vin + " and the event's vehicleEventId");
        assertThat(log.entry(TestEvents.loggedId(underPlatformId)).orElseThrow().topic())
                .isEqualTo(Topics.VEHICLE_REPORTS);
    }

    @Test
    void refusesUnauthenticatedCallersWrongRolesAndBadInputWithProblemDetails() {
        AuditApi api = new AuditApi(port);
        assertThat(api.get("/api/audit/tree-head").statusCode()).isEqualTo(401);
        assertThat(api.get("/api/audit/tree-head", "FLEET_OPS").statusCode()).isEqualTo(403);
        assertThat(api.get("/api/audit/tree-head", "AUDITOR").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/audit/checkpoints", "AUDITOR").statusCode())
                .as("only administrators make checkpoints on demand")
                .isEqualTo(403);

        var negative = api.get("/api/audit/proofs/inclusion?index=-1&treeSize=1", "AUDITOR");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(negative.body()).contains("must not be negative");

        var tooLarge = api.get("/api/audit/proofs/inclusion?index=0&treeSize=" + Long.MAX_VALUE, "AUDITOR");
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("tree size must be between 1 and the log's size");

        assertThat(api.get("/api/audit/proofs/inclusion?index=abc", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/proofs/inclusion", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/proofs/consistency?first=5&second=2", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/entries/" + Long.MAX_VALUE, "AUDITOR").statusCode())
                .isEqualTo(404);
    }

    @Test
    void provesFromTheStoredSubtreesExactlyWhatTheTreeRecomputedFromItsLeavesProves() {
        int recent = 40;
        log.append(IntStream.range(0, recent)
                .mapToObj(i -> assignment("WVWZZZ1JZTREE" + i))
                .toList());
        long size = log.currentSize();
        List<byte[]> leaves = jdbc.query(
                "select leaf_hash from log_entry where idx < ? order by idx", (rs, row) -> rs.getBytes(1), size);
        Proofs recomputed = InMemoryTree.ofLeafHashes(leaves).proofs();
        Proofs stored = log.proofs();
        // Every tree shape at the right edge, where subtrees of the levels that are rehashed rather than stored
        // (below AuditLog.LOWEST_STORED_LEVEL) appear in roots, paths and consistency proofs.
        for (long n = size - recent; n <= size; n++) {
            assertThat(Hashes.hex(stored.rootHash(n)))
                    .as("root of %d", n)
                    .isEqualTo(Hashes.hex(recomputed.rootHash(n)));
            for (long i = Math.max(0, n - recent); i < n; i++) {
                assertThat(hex(stored.inclusion(i, n)))
                        .as("inclusion of %d in %d", i, n)
                        .isEqualTo(hex(recomputed.inclusion(i, n)));
            }
            for (long m = Math.max(1, size - 2L * recent); m <= n; m++) {
                assertThat(hex(stored.consistency(m, n)))
                        .as("consistency of %d with %d", m, n)
                        .isEqualTo(hex(recomputed.consistency(m, n)));
            }
        }
    }

    @Test
    void appendsOnlyTheEventsOfABatchThatTheLogDoesNotHoldYetAtTheNextIndexes() {
        String vins = "WVWR" + System.nanoTime() % 1_000_000_000L;
        ReceivedEvent a = assignment(vins + "A");
        ReceivedEvent b = assignment(vins + "B");
        Map<UUID, Long> first = log.append(List.of(a, b));
        ReceivedEvent c = assignment(vins + "C");
        ReceivedEvent d = assignment(vins + "D");

        Map<UUID, Long> second = log.append(List.of(b, c, a, d, c));

        assertThat(second.keySet()).containsExactly(c.eventId(), d.eventId());
        assertThat(second.get(d.eventId())).isEqualTo(second.get(c.eventId()) + 1);
        for (ReceivedEvent event : List.of(a, b)) {
            assertThat(log.entry(event.eventId()).orElseThrow().index()).isEqualTo(first.get(event.eventId()));
        }
        assertThat(jdbc.queryForObject("select count(*) from log_entry where vin like ?", Long.class, vins + "_"))
                .isEqualTo(4);
        assertThat(log.entry(c.eventId()).orElseThrow().payload()).isEqualTo(c.payload());
        assertThat(log.append(List.of(d, a))).isEmpty();
    }

    private static ReceivedEvent assignment(String vin) {
        OtaEvent event =
                TestEvents.updateAssigned(vin, UUID.randomUUID(), UUID.randomUUID(), TestEvents.brake("2.4.1", "ab"));
        return ReceivedEvent.parse(event.topic(), event.key(), EventCodec.encode(event));
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(Hashes::hex).toList();
    }

    private void awaitLogged(List<OtaEvent> events) {
        Set<UUID> ids = new HashSet<>();
        events.forEach(e -> ids.add(TestEvents.loggedId(e)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ids.stream().allMatch(id -> log.entry(id).isPresent()));
    }
}
