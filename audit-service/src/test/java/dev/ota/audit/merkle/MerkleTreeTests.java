package dev.ota.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTests {

    private static final HexFormat HEX = HexFormat.of();

    /** The reference leaves of the Certificate Transparency test suite (RFC 6962, unchanged in RFC 9162). */
    private static final List<byte[]> CT_ENTRIES = List.of(
                    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
            .stream()
            .map(HEX::parseHex)
            .toList();

    /** Published root hashes for tree sizes 0..8 of the entries above. */
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static InMemoryTree ctTree(int size) {
        return InMemoryTree.ofLeafHashes(
                CT_ENTRIES.subList(0, size).stream().map(Hashes::leaf).toList());
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(Hashes::hex).toList();
    }

    private static List<byte[]> entries(int n) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(("event-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void treeHeadsMatchThePublishedVectorsForEverySizeUpToEight() {
        for (int size = 0; size <= 8; size++) {
            assertThat(Hashes.hex(ctTree(size).root())).as("size %d", size).isEqualTo(CT_ROOTS.get(size));
            assertThat(Hashes.hex(ctTree(8).proofs().rootHash(size)))
                    .as("root of the first %d leaves read from a larger tree", size)
                    .isEqualTo(CT_ROOTS.get(size));
        }
    }

    @Test
    void inclusionProofsMatchThePublishedVectors() {
        Proofs proofs = ctTree(8).proofs();
        assertThat(hex(proofs.inclusion(0, 8)))
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(proofs.inclusion(5, 8)))
                .containsExactly(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void consistencyProofsMatchThePublishedVectors() {
        Proofs proofs = ctTree(8).proofs();
        assertThat(hex(proofs.consistency(2, 8)))
                .containsExactly(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(proofs.consistency(6, 8)))
                .containsExactly(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(ctTree(5).proofs().consistency(2, 5)))
                .containsExactly(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void publishedProofsVerifyAgainstThePublishedRoots() {
        Proofs proofs = ctTree(8).proofs();
        byte[] root8 = HEX.parseHex(CT_ROOTS.get(8));
        assertThat(ProofVerifier.inclusion(Hashes.leaf(CT_ENTRIES.get(5)), 5, 8, proofs.inclusion(5, 8), root8))
                .isTrue();
        assertThat(ProofVerifier.consistency(6, 8, HEX.parseHex(CT_ROOTS.get(6)), root8, proofs.consistency(6, 8)))
                .isTrue();
    }

    @Test
    void rootsAndProofsAgreeWithTheLiteralRfcDefinitionForEveryShapeUpToFortyLeaves() {
        List<byte[]> all = entries(40);
        for (int n = 1; n <= all.size(); n++) {
            List<byte[]> entries = all.subList(0, n);
            InMemoryTree tree =
                    InMemoryTree.ofLeafHashes(entries.stream().map(Hashes::leaf).toList());
            assertThat(tree.root()).as("root of %d", n).isEqualTo(Rfc9162Reference.mth(entries));
            for (int m = 0; m < n; m++) {
                assertThat(tree.proofs().inclusion(m, n))
                        .as("PATH(%d, D[%d])", m, n)
                        .containsExactlyElementsOf(Rfc9162Reference.path(m, entries));
            }
            for (int m = 1; m < n; m++) {
                assertThat(tree.proofs().consistency(m, n))
                        .as("PROOF(%d, D[%d])", m, n)
                        .containsExactlyElementsOf(Rfc9162Reference.proof(m, entries));
            }
        }
    }

    @Test
    void everyHonestProofVerifiesAndEveryAlteredOneIsRefused() {
        List<byte[]> entries = entries(33);
        InMemoryTree tree =
                InMemoryTree.ofLeafHashes(entries.stream().map(Hashes::leaf).toList());
        for (int n = 1; n <= entries.size(); n++) {
            byte[] root = tree.proofs().rootHash(n);
            for (int m = 0; m < n; m++) {
                byte[] leaf = Hashes.leaf(entries.get(m));
                List<byte[]> path = tree.proofs().inclusion(m, n);
                assertThat(ProofVerifier.inclusion(leaf, m, n, path, root)).isTrue();
                assertThat(ProofVerifier.inclusion(Hashes.leaf(entries.get((m + 1) % 33)), m, n, path, root))
                        .as("another leaf")
                        .isFalse();
                if (n < entries.size()) {
                    // A path does not bind the size by itself (the signed tree head does): it must not verify
                    // against the head of the next size.
                    assertThat(ProofVerifier.inclusion(
                                    leaf, m, n + 1, path, tree.proofs().rootHash(n + 1)))
                            .as("the head of another size")
                            .isFalse();
                }
                assertThat(ProofVerifier.inclusion(leaf, n, n, path, root))
                        .as("index outside the tree")
                        .isFalse();
                if (!path.isEmpty()) {
                    assertThat(ProofVerifier.inclusion(leaf, m ^ 1, n, path, root))
                            .as("a neighbour's index")
                            .isFalse();
                    assertThat(ProofVerifier.inclusion(leaf, m, n, flipped(path, path.size() - 1), root))
                            .as("a flipped bit in the path")
                            .isFalse();
                    assertThat(ProofVerifier.inclusion(leaf, m, n, path.subList(0, path.size() - 1), root))
                            .as("a truncated path")
                            .isFalse();
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(new byte[32]);
                assertThat(ProofVerifier.inclusion(leaf, m, n, longer, root))
                        .as("an extended path")
                        .isFalse();
            }
            for (int m = 0; m <= n; m++) {
                byte[] first = tree.proofs().rootHash(m);
                List<byte[]> proof = tree.proofs().consistency(m, n);
                assertThat(ProofVerifier.consistency(m, n, first, root, proof))
                        .as("consistency %d -> %d", m, n)
                        .isTrue();
                if (!proof.isEmpty()) {
                    assertThat(ProofVerifier.consistency(m, n, first, root, flipped(proof, 0)))
                            .isFalse();
                    assertThat(ProofVerifier.consistency(m, n, first, root, proof.subList(0, proof.size() - 1)))
                            .isFalse();
                    assertThat(ProofVerifier.consistency(m, n, Hashes.leaf(new byte[] {9}), root, proof))
                            .as("a forked first tree")
                            .isFalse();
                    assertThat(ProofVerifier.consistency(m, n, first, Hashes.leaf(new byte[] {9}), proof))
                            .as("a forked second tree")
                            .isFalse();
                }
            }
        }
    }

    @Test
    void aLeafCannotBePassedOffAsAnInteriorNode() {
        byte[] a = Hashes.leaf(new byte[] {1});
        byte[] b = Hashes.leaf(new byte[] {2});
        byte[] concatenated = new byte[64];
        System.arraycopy(a, 0, concatenated, 0, 32);
        System.arraycopy(b, 0, concatenated, 32, 32);
        assertThat(Hashes.leaf(concatenated)).isNotEqualTo(Hashes.node(a, b));
    }

    @Test
    void aResumedTreeContinuesExactlyWhereTheFullTreeWould() {
        List<byte[]> leaves = entries(77).stream().map(Hashes::leaf).toList();
        InMemoryTree full = InMemoryTree.ofLeafHashes(leaves);
        for (int size = 0; size <= 40; size++) {
            List<byte[]> edge = full.read(TreeBuilder.edgeOf(size)).entrySet().stream()
                    .sorted((x, y) ->
                            Integer.compare(y.getKey().level(), x.getKey().level()))
                    .map(java.util.Map.Entry::getValue)
                    .toList();
            TreeBuilder resumed = TreeBuilder.resume(size, edge);
            leaves.subList(size, 77).forEach(resumed::append);
            assertThat(resumed.root()).as("resumed at %d", size).isEqualTo(full.root());
        }
    }

    @Test
    void refusesProofsForLeavesOutsideTheTree() {
        Proofs proofs = ctTree(8).proofs();
        assertThatThrownBy(() -> proofs.inclusion(8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.consistency(5, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.inclusion(0, 9)).isInstanceOf(IllegalStateException.class);
    }

    private static List<byte[]> flipped(List<byte[]> hashes, int which) {
        List<byte[]> copy = new ArrayList<>(hashes);
        byte[] changed = copy.get(which).clone();
        changed[7] ^= 0x01;
        copy.set(which, changed);
        return copy;
    }
}
