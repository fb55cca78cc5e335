package dev.ota.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.InMemoryTree;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteSigner;
import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessKey;
import dev.ota.audit.note.WitnessSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessTests {

    private static final String ORIGIN = "test.audit.ota.dev/log";
    private static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");

    private final NoteSigner log = new NoteSigner(ORIGIN, NoteSigner.newSeed());
    private final WitnessSigner witnessKey = new WitnessSigner("witness.test", NoteSigner.newSeed());
    private final InMemoryTree honest = tree("event", 20);

    @TempDir
    Path state;

    private Witness witness() {
        return new Witness(log.publicKey(), witnessKey, new WitnessState(state), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static InMemoryTree tree(String prefix, int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(Hashes.leaf((prefix + " " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return InMemoryTree.ofLeafHashes(leaves);
    }

    private String checkpoint(NoteSigner signer, InMemoryTree tree, long size, Instant at) {
        return signer.signNote(new Checkpoint(ORIGIN, size, tree.proofs().rootHash(size), at).body())
                .text();
    }

    private String checkpoint(long size) {
        return checkpoint(log, honest, size, NOW.minusSeconds(100 - size));
    }

    @Test
    void cosignsTheFirstCheckpointAndEachConsistentExtensionWithAVerifiableCosignature() {
        Witness witness = witness();
        assertThat(witness.add(checkpoint(5), List.of())).isInstanceOf(Witness.Cosigned.class);

        String next = checkpoint(13);
        Witness.Answer answer = witness.add(next, honest.proofs().consistency(5, 13));

        assertThat(answer).isInstanceOf(Witness.Cosigned.class);
        assertThat(answer.message()).contains("cosigned size 13", "consistent with size 5");
        Witness.Cosigned cosigned = (Witness.Cosigned) answer;
        assertThat(cosigned.cosignature().time()).isEqualTo(NOW.getEpochSecond());
        WitnessKey published =
                WitnessKey.parseVerifierKey(witnessKey.publicKey().verifierKey());
        assertThat(published.verifies(
                        cosigned.cosignature(), SignedNote.parse(next).body()))
                .isTrue();
        assertThat(published.verifies(
                        cosigned.cosignature(), SignedNote.parse(checkpoint(5)).body()))
                .isFalse();
        assertThat(witness.lastCosignedSize()).contains(13L);
    }

    @Test
    void remembersWhatItCosignedAcrossRestartsAndRefusesARollBack() {
        witness().add(checkpoint(5), List.of());
        witness().add(checkpoint(13), honest.proofs().consistency(5, 13));

        Witness.Answer answer = witness().add(checkpoint(8), List.of());

        assertThat(answer)
                .isInstanceOfSatisfying(
                        Witness.Refused.class, r -> assertThat(r.reason()).isEqualTo(Witness.Reason.ROLLBACK));
        assertThat(answer.message()).contains("size 8 is smaller than the cosigned size 13");
        assertThat(witness().lastCosignedSize()).contains(13L);
    }

    @Test
    void refusesAForkOfTheSameSizeWithAnotherRoot() {
        Witness witness = witness();
        witness.add(checkpoint(13), List.of());
        InMemoryTree rewritten = tree("rewritten", 20);

        Witness.Answer answer = witness.add(checkpoint(log, rewritten, 13, NOW), List.of());

        assertThat(answer)
                .isInstanceOfSatisfying(
                        Witness.Refused.class, r -> assertThat(r.reason()).isEqualTo(Witness.Reason.FORK));
    }

    @Test
    void refusesALargerTreeThatDoesNotExtendTheCosignedOneWhateverProofComesWithIt() {
        Witness witness = witness();
        witness.add(checkpoint(5), List.of());
        InMemoryTree rewritten = tree("rewritten", 20);
        String forked = checkpoint(log, rewritten, 13, NOW);

        assertThat(witness.add(forked, rewritten.proofs().consistency(5, 13)))
                .isInstanceOfSatisfying(
                        Witness.Refused.class, r -> assertThat(r.reason()).isEqualTo(Witness.Reason.INCONSISTENT));
        assertThat(witness.add(forked, honest.proofs().consistency(5, 13))).isInstanceOf(Witness.Refused.class);
        assertThat(witness.add(forked, List.of())).isInstanceOf(Witness.Refused.class);
        assertThat(witness.lastCosignedSize()).contains(5L);
    }

    @Test
    void refusesACheckpointTheLogDidNotSign() {
        NoteSigner impostor = new NoteSigner(ORIGIN, NoteSigner.newSeed());

        Witness.Answer answer = witness().add(checkpoint(impostor, honest, 5, NOW), List.of());

        assertThat(answer)
                .isInstanceOfSatisfying(
                        Witness.Refused.class, r -> assertThat(r.reason()).isEqualTo(Witness.Reason.NOT_SIGNED_BY_LOG));
        assertThat(witness().lastCosignedSize()).isEmpty();
    }

    @Test
    void cosignsTheSameCheckpointAgainButRefusesAnOlderTimestampAtTheSameSize() {
        Witness witness = witness();
        String signed = checkpoint(log, honest, 5, NOW);
        witness.add(signed, List.of());

        assertThat(witness.add(signed, List.of())).isInstanceOf(Witness.Cosigned.class);
        assertThat(witness.add(checkpoint(log, honest, 5, NOW.minusSeconds(60)), List.of()))
                .isInstanceOfSatisfying(
                        Witness.Refused.class, r -> assertThat(r.reason()).isEqualTo(Witness.Reason.ROLLBACK));
    }
}
