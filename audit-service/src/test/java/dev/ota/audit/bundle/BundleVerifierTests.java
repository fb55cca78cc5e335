package dev.ota.audit.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.audit.TestEvents;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.InMemoryTree;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.Cosignature;
import dev.ota.audit.note.NoteSigner;
import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessSigner;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTests {

    private static final String VIN = "WVWZZZ1JZBUNDLE01";
    private final NoteSigner signer = new NoteSigner("test.audit.ota.dev/log", NoteSigner.newSeed());
    private final List<byte[]> log = new ArrayList<>();
    private final Bundle bundle = aBundleAboutOneVehicle();

    private Bundle aBundleAboutOneVehicle() {
        for (int round = 0; round < 3; round++) {
            for (OtaEvent event : TestEvents.onePerProducingTopic(round == 1 ? VIN : "OTHER" + round)) {
                log.add(EventCodec.encode(event));
            }
        }
        InMemoryTree tree =
                InMemoryTree.ofLeafHashes(log.stream().map(Hashes::leaf).toList());
        String note = signer.signNote(
                        new Checkpoint(signer.publicKey().name(), tree.size(), tree.root(), Instant.now()).body())
                .text();
        List<Bundle.Entry> entries = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (new String(log.get(i), StandardCharsets.UTF_8).contains("\"vin\":\"" + VIN + "\"")) {
                entries.add(new Bundle.Entry(i, log.get(i), tree.proofs().inclusion(i, tree.size())));
            }
        }
        assertThat(entries).hasSizeGreaterThan(3);
        return new Bundle("vin " + VIN, note, entries);
    }

    @Test
    void anExportedBundleVerifiesWithTheLogsKeyInBothFormats() {
        for (byte[] bytes : List.of(JsonLinesBundle.write(bundle), CsvBundle.write(bundle))) {
            BundleVerifier.Result result = BundleVerifier.verify(bytes, signer.publicKey());
            assertThat(result.valid()).as(result.message()).isTrue();
            assertThat(result.entries()).isEqualTo(bundle.entries().size());
            assertThat(result.treeSize()).isEqualTo(log.size());
        }
    }

    @Test
    void changingAnySingleByteOfAJsonLinesBundleMakesItFail() {
        everyByteMatters(JsonLinesBundle.write(bundle));
    }

    @Test
    void changingAnySingleByteOfACsvBundleMakesItFail() {
        everyByteMatters(CsvBundle.write(bundle));
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefused() {
        NoteSigner other = new NoteSigner("test.audit.ota.dev/log", NoteSigner.newSeed());
        BundleVerifier.Result result = BundleVerifier.verify(JsonLinesBundle.write(bundle), other.publicKey());
        assertThat(result.valid()).isFalse();
        assertThat(result.message()).contains("not signed by");
    }

    @Test
    void anEntryFromAnotherVehicleSlippedInIsRefusedEvenWithAValidProof() {
        InMemoryTree tree =
                InMemoryTree.ofLeafHashes(log.stream().map(Hashes::leaf).toList());
        List<Bundle.Entry> entries = new ArrayList<>(bundle.entries());
        entries.add(
                new Bundle.Entry(log.size() - 1, log.getLast(), tree.proofs().inclusion(log.size() - 1, log.size())));
        Bundle mixed = new Bundle(bundle.subject(), bundle.checkpoint(), entries);
        BundleVerifier.Result result = BundleVerifier.verify(JsonLinesBundle.write(mixed), signer.publicKey());
        assertThat(result.valid()).isFalse();
        assertThat(result.message()).contains("is not about vehicle " + VIN);
    }

    @Test
    void theCommandLineVerifierExitsZeroOnAGoodBundleAndOneOnATamperedOne(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("log.pub");
        Files.writeString(key, signer.publicKey().verifierKey() + "\n");
        Path good = Files.write(dir.resolve("vehicle.jsonl"), JsonLinesBundle.write(bundle));
        byte[] bytes = CsvBundle.write(bundle);
        bytes[bytes.length / 2] ^= 0x01;
        Path bad = Files.write(dir.resolve("vehicle.csv"), bytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", "@" + key, good.toString()}, new PrintStream(out), new PrintStream(err)))
                .isZero();
        assertThat(out.toString()).startsWith("OK: " + bundle.entries().size() + " entries (vin " + VIN + ")");
        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", signer.publicKey().verifierKey(), bad.toString()},
                        new PrintStream(out),
                        new PrintStream(err)))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("INVALID");
        assertThat(VerifyBundleCommand.run(new String[] {good.toString()}, new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
    }

    private final WitnessSigner alpha = new WitnessSigner("alpha.witness", NoteSigner.newSeed());
    private final WitnessSigner beta = new WitnessSigner("beta.witness", NoteSigner.newSeed());
    private final WitnessSigner gamma = new WitnessSigner("gamma.witness", NoteSigner.newSeed());

    private Bundle cosignedBy(List<Cosignature> cosignatures) {
        SignedNote note = SignedNote.parse(bundle.checkpoint());
        List<SignedNote.Signature> lines = new ArrayList<>(note.signatures());
        cosignatures.forEach(c -> lines.add(c.line()));
        return new Bundle(bundle.subject(), new SignedNote(note.body(), lines).text(), bundle.entries());
    }

    private Cosignature cosign(WitnessSigner witness) {
        return witness.cosign(
                SignedNote.parse(bundle.checkpoint()).body(), Instant.now().getEpochSecond());
    }

    private WitnessPolicy trusting(int required) {
        return new WitnessPolicy(List.of(alpha.publicKey(), beta.publicKey(), gamma.publicKey()), required);
    }

    @Test
    void aBundleVerifiesWithAWitnessRequirementWhenEnoughTrustedWitnessesCosignedItsCheckpoint() {
        Bundle cosigned = cosignedBy(List.of(cosign(alpha), cosign(gamma)));
        for (byte[] bytes : List.of(JsonLinesBundle.write(cosigned), CsvBundle.write(cosigned))) {
            BundleVerifier.Result two = BundleVerifier.verify(bytes, signer.publicKey(), trusting(2));
            assertThat(two.valid()).as(two.message()).isTrue();
            assertThat(two.message()).endsWith("cosigned by alpha.witness, gamma.witness");
            BundleVerifier.Result three = BundleVerifier.verify(bytes, signer.publicKey(), trusting(3));
            assertThat(three.valid()).isFalse();
            assertThat(three.message()).contains("cosigned by 2 of the trusted witnesses", "3 required");
        }
        assertThat(BundleVerifier.verify(JsonLinesBundle.write(bundle), signer.publicKey(), trusting(1))
                        .valid())
                .isFalse();
    }

    @Test
    void aForgedCosignatureDoesNotCountTowardsTheWitnessRequirement() {
        Cosignature genuine = cosign(alpha);
        WitnessSigner impostor = new WitnessSigner("alpha.witness", NoteSigner.newSeed());
        Cosignature forged =
                impostor.cosign(SignedNote.parse(bundle.checkpoint()).body(), genuine.time());
        Cosignature forgedWithTheRightKeyHash =
                new Cosignature(genuine.witnessName(), genuine.keyHash(), genuine.time(), forged.signature());
        Cosignature replayedAtAnotherTime =
                new Cosignature(genuine.witnessName(), genuine.keyHash(), genuine.time() + 1, genuine.signature());

        for (Cosignature bad : List.of(forged, forgedWithTheRightKeyHash, replayedAtAnotherTime)) {
            BundleVerifier.Result result = BundleVerifier.verify(
                    JsonLinesBundle.write(cosignedBy(List.of(bad))), signer.publicKey(), trusting(1));
            assertThat(result.valid()).isFalse();
            assertThat(result.message()).contains("cosigned by 0 of the trusted witnesses");
        }
        assertThat(BundleVerifier.verify(
                                JsonLinesBundle.write(cosignedBy(List.of(genuine))), signer.publicKey(), trusting(1))
                        .valid())
                .isTrue();
    }

    @Test
    void theCommandLineVerifierRequiresTheWitnessesItIsGiven(@TempDir Path dir) throws Exception {
        Path logKey =
                Files.writeString(dir.resolve("log.pub"), signer.publicKey().verifierKey() + "\n");
        Path alphaKey =
                Files.writeString(dir.resolve("alpha.pub"), alpha.publicKey().verifierKey() + "\n");
        Path cosigned =
                Files.write(dir.resolve("cosigned.jsonl"), JsonLinesBundle.write(cosignedBy(List.of(cosign(alpha)))));
        Path plain = Files.write(dir.resolve("plain.jsonl"), JsonLinesBundle.write(bundle));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", "@" + logKey, "--witness", "@" + alphaKey, cosigned.toString()},
                        new PrintStream(out),
                        new PrintStream(err)))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("cosigned by alpha.witness");
        assertThat(VerifyBundleCommand.run(
                        new String[] {"--key", "@" + logKey, "--witness", "@" + alphaKey, plain.toString()},
                        new PrintStream(out),
                        new PrintStream(err)))
                .isEqualTo(1);
        assertThat(VerifyBundleCommand.run(
                        new String[] {
                            "--key",
                            "@" + logKey,
                            "--witness",
                            "@" + alphaKey,
                            "--witnesses-required",
                            "2",
                            cosigned.toString()
                        },
                        new PrintStream(out),
                        new PrintStream(err)))
                .isEqualTo(2);
    }

    @Test
    void aVehiclesBundleMayCarryTheCreationAndApprovalOfTheCampaignsThatUpdatedItButNoOtherCampaigns() {
        UUID campaign = UUID.randomUUID();
        List<byte[]> events = List.of(
                EventCodec.encode(TestEvents.campaignCreated(campaign, "R79-BRK-0042")),
                EventCodec.encode(TestEvents.campaignApproved(campaign)),
                EventCodec.encode(TestEvents.updateAssigned(
                        VIN, campaign, UUID.randomUUID(), TestEvents.brake("2.4.1", "bb"), "R79-BRK-0042")),
                EventCodec.encode(TestEvents.campaignCreated(UUID.randomUUID(), "R10-OTHER")));
        InMemoryTree tree =
                InMemoryTree.ofLeafHashes(events.stream().map(Hashes::leaf).toList());
        String note = signer.signNote(
                        new Checkpoint(signer.publicKey().name(), tree.size(), tree.root(), Instant.now()).body())
                .text();
        Function<Integer, Bundle.Entry> entry =
                i -> new Bundle.Entry(i, events.get(i), tree.proofs().inclusion(i, tree.size()));

        Bundle declared = new Bundle("vin " + VIN, note, List.of(entry.apply(0), entry.apply(1), entry.apply(2)));
        Bundle other = new Bundle("vin " + VIN, note, List.of(entry.apply(2), entry.apply(3)));

        BundleVerifier.Result ok = BundleVerifier.verify(JsonLinesBundle.write(declared), signer.publicKey());
        assertThat(ok.valid()).as(ok.message()).isTrue();
        BundleVerifier.Result refused = BundleVerifier.verify(JsonLinesBundle.write(other), signer.publicKey());
        assertThat(refused.valid()).isFalse();
        assertThat(refused.message()).contains("entry 3 is not about vehicle " + VIN);
    }

    private void everyByteMatters(byte[] original) {
        assertThat(BundleVerifier.verify(original, signer.publicKey()).valid()).isTrue();
        List<Function<Byte, Byte>> changes = List.of(b -> (byte) (b ^ 0x01), b -> (byte) (b ^ 0x20));
        for (int i = 0; i < original.length; i++) {
            for (Function<Byte, Byte> change : changes) {
                byte[] tampered = original.clone();
                tampered[i] = change.apply(tampered[i]);
                BundleVerifier.Result result = BundleVerifier.verify(tampered, signer.publicKey());
                assertThat(result.valid())
                        .as("byte %d changed from '%c' to '%c'", i, (char) original[i], (char) tampered[i])
                        .isFalse();
            }
        }
    }
}
