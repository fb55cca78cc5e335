package dev.ota.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ota.audit.Attacker;
import dev.ota.audit.AuditApi;
import dev.ota.audit.AuditServiceTest;
import dev.ota.audit.TestEvents;
import dev.ota.audit.checkpoint.Checkpoints;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.ReceivedEvent;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.InMemoryTree;
import dev.ota.audit.merkle.NodeId;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@AuditServiceTest
class VerifyIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    LogVerifier verifier;

    @Autowired
    AuditLog log;

    @Autowired
    Checkpoints checkpoints;

    /** The service's own connection (role {@code audit}, owner of the database). */
    @Autowired
    JdbcTemplate service;

    /** An entry in the middle of the log, signed into a checkpoint. */
    long victim;

    @BeforeEach
    void aSignedLogWithEntriesOnBothSidesOfTheVictim() {
        List<OtaEvent> events = TestEvents.onePerProducingTopic("WVWZZZ1JZVER" + System.nanoTime() % 100000);
        events.forEach(TestEvents::send);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events.stream()
                        .allMatch(e -> log.entry(TestEvents.loggedId(e)).isPresent()));
        checkpoints.sign();
        victim = log.entry(TestEvents.loggedId(events.get(3))).orElseThrow().index();
        VerificationReport before = verifier.verify(null);
        assertThat(before.intact())
                .as("the log verifies before the attack: %s", before)
                .isTrue();
    }

    @Test
    void anIntactLogVerifiesAgainstEverySignedCheckpoint() {
        VerificationReport report = verifier.verify(null);
        assertThat(report.intact()).isTrue();
        assertThat(report.firstBadIndex()).isNull();
        assertThat(report.problems()).isEmpty();
        assertThat(report.checkpointsChecked()).isPositive();
        assertThat(report.entries()).isGreaterThan(victim);
    }

    @Test
    void theServicesOwnDatabaseRoleCannotChangeDeleteOrTruncateTheLog() {
        while (service.queryForObject("select count(*) from merkle_node", Long.class) == 0) {
            OtaEvent more = TestEvents.updateAssigned(
                    "WVWZZZ1JZMORE", UUID.randomUUID(), UUID.randomUUID(), TestEvents.brake("2.4.1", "ab"));
            log.append(List.of(ReceivedEvent.parse(more.topic(), more.key(), EventCodec.encode(more))));
        }
        for (String statement : List.of(
                "update log_entry set payload = '\\x00' where idx = " + victim,
                "delete from log_entry where idx = " + victim,
                "truncate log_entry",
                "update log_entry_p000000 set payload = '\\x00' where idx = " + victim,
                "truncate log_entry_p000000",
                "update merkle_node set hash = hash",
                "delete from merkle_node",
                "truncate merkle_node",
                "update log_event_id set idx = idx",
                "delete from log_event_id",
                "update checkpoint set note = note",
                "delete from checkpoint",
                "truncate checkpoint",
                "truncate checkpoint_cosignature")) {
            assertThatThrownBy(() -> service.execute(statement))
                    .as(statement)
                    .rootCause()
                    .hasMessageContaining("the audit log is append-only");
        }
        assertThat(service.queryForObject("select current_user", String.class)).isEqualTo("audit");
        VerificationReport after = verifier.verify(null);
        assertThat(after.intact())
                .as("the log verifies once restored: %s", after)
                .isTrue();
    }

    @Test
    void aChangedEventIsDetectedAndItsIndexNamed() {
        try (Attacker attacker = Attacker.onAuditDatabase()) {
            byte[] original = payload(attacker, victim);
            attacker.sql()
                    .update(
                            "update log_entry set payload = ? where idx = ?",
                            new String(original, StandardCharsets.UTF_8)
                                    .replace("ECU", "ECX")
                                    .replace("WVW", "XVW")
                                    .getBytes(StandardCharsets.UTF_8),
                            victim);
            try {
                VerificationReport report = verifier.verify(null);
                assertThat(report.intact()).isFalse();
                assertThat(report.firstBadIndex()).as("%s", report).isEqualTo(victim);
                assertThat(report.problems().getFirst()).contains("entry " + victim);
            } finally {
                attacker.sql().update("update log_entry set payload = ? where idx = ?", original, victim);
            }
        }
        VerificationReport after = verifier.verify(null);
        assertThat(after.intact())
                .as("the log verifies once restored: %s", after)
                .isTrue();
    }

    @Test
    void aRemovedEventIsDetectedAndItsIndexNamed() {
        try (Attacker attacker = Attacker.onAuditDatabase()) {
            attacker.sql().execute("create temporary table saved as select * from log_entry where idx = " + victim);
            attacker.sql().update("delete from log_entry where idx = ?", victim);
            try {
                VerificationReport report = verifier.verify(null);
                assertThat(report.intact()).isFalse();
                assertThat(report.firstBadIndex()).as("%s", report).isEqualTo(victim);
                assertThat(report.problems().getFirst()).contains("missing");
            } finally {
                attacker.sql().execute("insert into log_entry select * from saved");
            }
        }
        VerificationReport after = verifier.verify(null);
        assertThat(after.intact())
                .as("the log verifies once restored: %s", after)
                .isTrue();
    }

    @Test
    void reorderedEventsAreDetectedAtTheFirstMovedIndex() {
        try (Attacker attacker = Attacker.onAuditDatabase()) {
            byte[] first = payload(attacker, victim);
            byte[] second = payload(attacker, victim + 1);
            attacker.sql().update("update log_entry set payload = ? where idx = ?", second, victim);
            attacker.sql().update("update log_entry set payload = ? where idx = ?", first, victim + 1);
            try {
                VerificationReport report = verifier.verify(null);
                assertThat(report.intact()).isFalse();
                assertThat(report.firstBadIndex()).as("%s", report).isEqualTo(victim);
            } finally {
                attacker.sql().update("update log_entry set payload = ? where idx = ?", first, victim);
                attacker.sql().update("update log_entry set payload = ? where idx = ?", second, victim + 1);
            }
        }
        VerificationReport after = verifier.verify(null);
        assertThat(after.intact())
                .as("the log verifies once restored: %s", after)
                .isTrue();
    }

    @Test
    void aRewriteThatRecomputesLeafAndSubtreeHashesIsCaughtByTheSignedCheckpoint() {
        try (Attacker attacker = Attacker.onAuditDatabase()) {
            byte[] original = payload(attacker, victim);
            byte[] forged = new String(original, StandardCharsets.UTF_8)
                    .replace("WVW", "XVW")
                    .getBytes(StandardCharsets.UTF_8);
            List<byte[]> leaves = new ArrayList<>(
                    attacker.sql().query("select leaf_hash from log_entry order by idx", (rs, n) -> rs.getBytes(1)));
            leaves.set((int) victim, Hashes.leaf(forged));
            InMemoryTree forgedTree = InMemoryTree.ofLeafHashes(leaves);
            List<Map<String, Object>> ancestors = attacker.sql()
                    .queryForList("select level, idx, hash from merkle_node where idx = (? >> level)", victim);
            attacker.sql()
                    .update(
                            "update log_entry set payload = ?, leaf_hash = ? where idx = ?",
                            forged,
                            Hashes.leaf(forged),
                            victim);
            for (Map<String, Object> node : ancestors) {
                NodeId id = new NodeId(((Number) node.get("level")).intValue(), ((Number) node.get("idx")).longValue());
                attacker.sql()
                        .update(
                                "update merkle_node set hash = ? where level = ? and idx = ?",
                                forgedTree.read(List.of(id)).get(id),
                                (short) id.level(),
                                id.index());
            }
            try {
                VerificationReport report = verifier.verify(null);
                assertThat(report.intact()).isFalse();
                assertThat(report.problems()).anyMatch(p -> p.contains("was rewritten"));
                assertThat(report.firstBadIndex()).isLessThanOrEqualTo(victim);
            } finally {
                attacker.sql()
                        .update(
                                "update log_entry set payload = ?, leaf_hash = ? where idx = ?",
                                original,
                                Hashes.leaf(original),
                                victim);
                for (Map<String, Object> node : ancestors) {
                    attacker.sql()
                            .update(
                                    "update merkle_node set hash = ? where level = ? and idx = ?",
                                    node.get("hash"),
                                    node.get("level"),
                                    node.get("idx"));
                }
            }
        }
        VerificationReport after = verifier.verify(null);
        assertThat(after.intact())
                .as("the log verifies once restored: %s", after)
                .isTrue();
    }

    @Test
    void aForgedCheckpointRowIsReportedAsNotSignedByTheLog() {
        try (Attacker attacker = Attacker.onAuditDatabase()) {
            String note = checkpoints.latest().orElseThrow().note();
            String forged = note.replaceFirst("\n\\d+\n", "\n1\n");
            Long id = attacker.sql()
                    .queryForObject(
                            "insert into checkpoint (tree_size, root_hash, signed_at, note)"
                                    + " values (1, ?, now(), ?) returning id",
                            Long.class,
                            new byte[32],
                            forged);
            try {
                VerificationReport report = verifier.verify(null);
                assertThat(report.intact()).isFalse();
                assertThat(report.problems()).anyMatch(p -> p.contains("not signed by this log's key"));
            } finally {
                attacker.sql().update("delete from checkpoint where id = ?", id);
            }
        }
    }

    @Test
    void auditorsRunVerificationOverRestWithACheckpointTheyKept() {
        AuditApi api = new AuditApi(port);
        String kept = checkpoints.latest().orElseThrow().note();
        JsonNode report = api.json(api.postJson(
                "/api/audit/verify",
                "{\"checkpoint\":"
                        + tools.jackson.databind.json.JsonMapper.builder()
                                .build()
                                .writeValueAsString(kept) + "}",
                "AUDITOR"));
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(api.post("/api/audit/verify", "FLEET_OPS").statusCode()).isEqualTo(403);
        var garbage = api.postJson("/api/audit/verify", "{\"checkpoint\":\"not a note\"}", "AUDITOR");
        assertThat(api.json(garbage).get("intact").asBoolean())
                .as("a checkpoint that is not one is reported, not trusted")
                .isFalse();
    }

    private static byte[] payload(Attacker attacker, long index) {
        return attacker.sql().queryForObject("select payload from log_entry where idx = ?", byte[].class, index);
    }
}
