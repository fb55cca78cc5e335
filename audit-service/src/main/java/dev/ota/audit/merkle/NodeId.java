package dev.ota.audit.merkle;

/**
 * A complete subtree: the {@code 2^level} leaves starting at {@code index << level}. Level 0 is a leaf.
 *
 * @param level height above the leaves
 * @param index position among the subtrees of that level
 */
public record NodeId(int level, long index) {

    public NodeId {
        if (level < 0 || level > 62 || index < 0) {
            throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
        }
    }

    public long firstLeaf() {
        return index << level;
    }

    /** Exclusive end. */
    public long endLeaf() {
        return (index + 1) << level;
    }
}
