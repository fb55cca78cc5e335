package dev.ota.audit.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.audit.TestEvents;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.InMemoryTree;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteSigner;
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
