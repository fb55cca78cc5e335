package dev.ota.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.audit.AuditApi;
import dev.ota.audit.AuditServiceTest;
import dev.ota.audit.TestEvents;
import dev.ota.audit.TestWitness;
import dev.ota.audit.bundle.VerifyBundleCommand;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.Cosignature;
import dev.ota.audit.note.NoteSigner;
import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessSigner;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A witness that runs on its own (the command, its own key and state) against the running service. */
@AuditServiceTest
class WitnessIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    AuditLog log;

    @TempDir
    Path dir;

    AuditApi api;
    String vin;
    Path witnessKey;
    Path logKey;
    Path state;

    @BeforeEach
    void aWitnessWithItsOwnKeyAndStateAndAVehicleInTheLog() throws Exception {
        api = new AuditApi(port);
        vin = "WVWZZZ1JZW" + (System.nanoTime() % 10_000_000);
        updated(vin);
        witnessKey = Files.writeString(
                dir.resolve("witness.key"), Base64.getEncoder().encodeToString(TestWitness.seed()) + "\n");
        logKey = Files.writeString(
                dir.resolve("log.pub"),
                api.json(api.get("/api/audit/checkpoints/key", "AUDITOR"))
                        .get("verifierKey")
                        .asString());
        state = dir.resolve("state");
    }

    private void updated(String vin) {
        UUID campaign = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        List<OtaEvent> events = List.of(
                TestEvents.updateAssigned(vin, campaign, assignment, TestEvents.brake("2.4.1", "bb")),
                TestEvents.progress(vin, assignment, InstallPhase.SUCCEEDED));
        events.forEach(TestEvents::send);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events.stream()
                        .allMatch(e -> log.entry(TestEvents.loggedId(e)).isPresent()));
    }

    private int witnessRound(ByteArrayOutputStream out) {
        return WitnessCommand.run(
                new String[] {
                    "run",
                    "--name",
                    TestWitness.NAME,
                    "--key",
                    witnessKey.toString(),
                    "--state",
                    state.toString(),
                    "--log-key",
                    "@" + logKey,
                    "--url",
                    "http://localhost:" + port,
                    "--token",
                    TestTokens.bearer("witness-client", "WITNESS")
                },
                new PrintStream(out),
                new PrintStream(out));
    }

    @Test
    void aWitnessCosignsEachNewCheckpointAndTheServiceShowsAndExportsItsCosignature() throws Exception {
        api.json(api.post("/api/audit/checkpoints", "ADMIN"));
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        assertThat(witnessRound(first)).as(first.toString()).isZero();

        updated(vin);
        long size = api.json(api.post("/api/audit/checkpoints", "ADMIN"))
                .get("treeSize")
                .asLong();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        assertThat(witnessRound(second)).as(second.toString()).isZero();
        assertThat(second.toString()).contains("COSIGNED: cosigned size " + size, "consistent with size");

        JsonNode latest = api.json(api.get("/api/audit/checkpoints/latest", "AUDITOR"));
        assertThat(latest.get("treeSize").asLong()).isEqualTo(size);
        assertThat(latest.get("cosignatures").size()).isEqualTo(1);
        assertThat(latest.get("cosignatures").get(0).get("witness").asString()).isEqualTo(TestWitness.NAME);
        SignedNote cosignedNote = SignedNote.parse(latest.get("cosignedNote").asString());
        assertThat(cosignedNote.signatures()).hasSize(2);
        assertThat(TestWitness.signer().publicKey().cosigned(cosignedNote)).isTrue();
        assertThat(api.get("/api/audit/checkpoints/latest/note", "WITNESS").body())
                .isEqualTo(cosignedNote.text());

        byte[] bundle = download("/api/audit/exports/vehicles/" + vin + "?format=jsonl");
        Path file = Files.write(dir.resolve("vehicle.jsonl"), bundle);
        ByteArrayOutputStream verified = new ByteArrayOutputStream();
        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", "@" + logKey, "--witness", TestWitness.VERIFIER_KEY, file.toString()},
                        new PrintStream(verified),
                        new PrintStream(verified)))
                .as(verified.toString())
                .isZero();
        assertThat(verified.toString()).contains("of size " + size, "cosigned by " + TestWitness.NAME);
    }

    @Test
    void anExportWhoseCosignatureWasForgedFailsTheWitnessRequirementOffline() throws Exception {
        api.json(api.post("/api/audit/checkpoints", "ADMIN"));
        assertThat(witnessRound(new ByteArrayOutputStream())).isZero();
        String bundle =
                new String(download("/api/audit/exports/vehicles/" + vin + "?format=jsonl"), StandardCharsets.UTF_8);
        String header = bundle.substring(0, bundle.indexOf('\n'));
        JsonNode head = JSON.readTree(header);
        SignedNote note = SignedNote.parse(head.get("checkpoint").asString());
        Cosignature genuine = Cosignature.of(note.signatures().getLast()).orElseThrow();
        WitnessSigner impostor = new WitnessSigner(TestWitness.NAME, NoteSigner.newSeed());
        Cosignature forged = new Cosignature(
                genuine.witnessName(),
                genuine.keyHash(),
                genuine.time(),
                impostor.cosign(note.body(), genuine.time()).signature());
        String forgedNote =
                new SignedNote(note.body(), List.of(note.signatures().getFirst(), forged.line())).text();
        String forgedHeader =
                JSON.writeValueAsString(((tools.jackson.databind.node.ObjectNode) head).put("checkpoint", forgedNote));
        Path file =
                Files.writeString(dir.resolve("forged.jsonl"), forgedHeader + bundle.substring(bundle.indexOf('\n')));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", "@" + logKey, "--witness", TestWitness.VERIFIER_KEY, file.toString()},
                        new PrintStream(out),
                        new PrintStream(out)))
                .isEqualTo(1);
        assertThat(out.toString()).contains("INVALID", "cosigned by 0 of the trusted witnesses");
        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", "@" + logKey, file.toString()},
                        new PrintStream(out),
                        new PrintStream(out)))
                .as("without a witness requirement only the log's signature counts")
                .isZero();
    }

    @Test
    void theServiceStoresOnlyVerifiedCosignaturesOfTrustedWitnessesAndAWitnessSeesNoEvents() {
        JsonNode checkpoint = api.json(api.post("/api/audit/checkpoints", "ADMIN"));
        String note = checkpoint.get("note").asString();
        String body = SignedNote.parse(note).body();
        long now = System.currentTimeMillis() / 1000;
        Cosignature genuine = TestWitness.signer().cosign(body, now);
        Cosignature untrusted = new WitnessSigner("someone.else", NoteSigner.newSeed()).cosign(body, now);
        Cosignature forged = new Cosignature(genuine.witnessName(), genuine.keyHash(), now + 1, genuine.signature());
        String neverSigned =
                new Checkpoint(Checkpoint.parse(body).origin(), 1, new byte[32], java.time.Instant.now()).body();

        assertThat(submit(note, genuine, "AUDITOR").statusCode()).isEqualTo(403);
        assertThat(submit(note, untrusted, "WITNESS").statusCode()).isEqualTo(403);
        HttpResponse<String> bad = submit(note, forged, "WITNESS");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("does not verify");
        String impostorNote =
                new NoteSigner("x", NoteSigner.newSeed()).signNote(neverSigned).text();
        assertThat(submit(impostorNote, TestWitness.signer().cosign(neverSigned, now), "WITNESS")
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> stored = submit(note, genuine, "WITNESS");
        assertThat(stored.statusCode()).isEqualTo(201);
        assertThat(api.json(stored).get("cosignatures").get(0).get("line").asString())
                .isEqualTo(genuine.text());
        assertThat(submit(note, genuine, "WITNESS").statusCode()).as("again").isEqualTo(200);

        assertThat(api.get("/api/audit/vehicles/" + vin + "/history", "WITNESS").statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/audit/exports/vehicles/" + vin, "WITNESS").statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/audit/checkpoints/latest", "WITNESS").statusCode())
                .isEqualTo(403);
        assertThat(api.post("/api/audit/checkpoints", "WITNESS").statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> submit(String note, Cosignature cosignature, String role) {
        return api.postJson(
                "/api/audit/checkpoints/cosignatures",
                JSON.writeValueAsString(
                        JSON.createObjectNode().put("checkpoint", note).put("cosignature", cosignature.text())),
                role);
    }

    private byte[] download(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", TestTokens.authorization("auditor", "AUDITOR"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
