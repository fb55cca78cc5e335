package dev.ota.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class UpperLevelsTests {

    private static final int SIZE = 5_000;

    private final InMemoryTree tree = tree(SIZE);
    private final List<NodeId> askedOfStore = new ArrayList<>();
    private final NodeReader store = nodes -> {
        askedOfStore.addAll(nodes);
        return tree.read(nodes);
    };

    @Test
    void proofsWithTheUpperLevelsInMemoryAreTheProofsOfTheStoreAndReadOnlyTheLeafsTileFromIt() {
        Proofs cached = new Proofs(new UpperLevels(store, this::storedUpperNodes, 1_000));
        for (long size : List.of(1L, 255L, 256L, 257L, 4_096L, 4_097L, (long) SIZE)) {
            for (long index = 0; index < size; index += 37) {
                askedOfStore.clear();
                assertThat(cached.inclusion(index, size))
                        .as("inclusion of %d in %d", index, size)
                        .containsExactlyElementsOf(tree.proofs().inclusion(index, size));
                assertThat(askedOfStore)
                        .allSatisfy(node -> assertThat(node.level()).isLessThan(UpperLevels.MIN_LEVEL));
            }
            assertThat(cached.consistency(size / 3, size))
                    .containsExactlyElementsOf(tree.proofs().consistency(size / 3, size));
        }
    }

    @Test
    void beyondItsCapacityTheCopyKeepsTheHighestLevelsAndReadsTheRestFromTheStore() {
        UpperLevels upper = new UpperLevels(store, this::storedUpperNodes, 4);
        Proofs cached = new Proofs(upper);
        for (long index = 0; index < SIZE; index += 101) {
            assertThat(cached.inclusion(index, SIZE))
                    .containsExactlyElementsOf(tree.proofs().inclusion(index, SIZE));
        }
        askedOfStore.clear();
        cached.inclusion(0, SIZE);
        assertThat(askedOfStore).doesNotContain(new NodeId(11, 1)).contains(new NodeId(10, 1), new NodeId(8, 1));
    }

    @Test
    void subtreesCompletedByAnAppendAreServedWithoutAskingTheStore() {
        UpperLevels upper = new UpperLevels(store, (level, limit, sink) -> {}, 1_000);
        NodeId completed = new NodeId(9, 3);
        upper.keep(completed, tree.read(List.of(completed)).get(completed));
        upper.keep(new NodeId(7, 0), new byte[Hashes.SIZE]);

        askedOfStore.clear();
        Map<NodeId, byte[]> read = upper.read(List.of(completed, new NodeId(7, 0)));

        assertThat(read.get(completed)).isEqualTo(tree.read(List.of(completed)).get(completed));
        assertThat(read.get(new NodeId(7, 0)))
                .isEqualTo(tree.read(List.of(new NodeId(7, 0))).get(new NodeId(7, 0)));
        assertThat(askedOfStore).containsExactly(new NodeId(7, 0));
    }

    private void storedUpperNodes(int minLevel, int limit, BiConsumer<NodeId, byte[]> sink) {
        int handed = 0;
        for (int level = 62; level >= minLevel; level--) {
            for (long index = 0; index < ((long) SIZE >> level) && handed < limit; index++, handed++) {
                NodeId node = new NodeId(level, index);
                sink.accept(node, tree.read(List.<NodeId>of(node)).get(node));
            }
        }
    }

    private static InMemoryTree tree(int size) {
        List<byte[]> leaves = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            leaves.add(Hashes.leaf(("event-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return InMemoryTree.ofLeafHashes(leaves);
    }
}
