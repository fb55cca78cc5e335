package dev.ota.audit.merkle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The upper levels of the tree held in memory in front of a slower store. A complete subtree's hash never changes once
 * the subtree is complete, so a copy is as good as the stored row; nodes at {@link #MIN_LEVEL} and above are one per
 * 256 leaves (about 2.5 MB at 10 million entries), and with them an inclusion proof reads only the leaf and at most
 * seven nodes inside the leaf's 256-leaf tile from the store. The copy is bounded: past {@code capacity} nodes, further
 * upper nodes are read from the store like the others.
 *
 * <p>Verification never reads through this copy: it recomputes everything from the stored events, so a change made
 * to the stored rows behind the service's back is still found.
 */
public final class UpperLevels implements NodeReader {

    /** Lowest level kept in memory: subtrees of 256 leaves and up. */
    public static final int MIN_LEVEL = 8;

    /** Reads stored upper nodes in bulk. */
    @FunctionalInterface
    public interface Stored {

        /** Hands every stored node of {@code minLevel} and above to {@code sink}, highest levels first, at most {@code limit}. */
        void each(int minLevel, int limit, BiConsumer<NodeId, byte[]> sink);
    }

    private final NodeReader store;
    private final Stored preload;
    private final int capacity;
    private final Map<NodeId, byte[]> kept = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /**
     * @param store where every node is kept
     * @param preload the stored upper nodes, loaded once, on the first read
     * @param capacity most nodes kept in memory
     */
    public UpperLevels(NodeReader store, Stored preload, int capacity) {
        this.store = store;
        this.preload = preload;
        this.capacity = capacity;
    }

    @Override
    public Map<NodeId, byte[]> read(Collection<NodeId> nodes) {
        loadOnce();
        Map<NodeId, byte[]> found = new HashMap<>(nodes.size() * 2);
        List<NodeId> missing = new ArrayList<>(nodes.size());
        for (NodeId node : nodes) {
            byte[] hash = kept.get(node);
            if (hash == null) {
                missing.add(node);
            } else {
                found.put(node, hash);
            }
        }
        if (!missing.isEmpty()) {
            Map<NodeId, byte[]> read = store.read(missing);
            read.forEach(this::keep);
            found.putAll(read);
        }
        return found;
    }

    /** Records a subtree that a committed append completed (lower levels are ignored). */
    public void keep(NodeId node, byte[] hash) {
        if (node.level() >= MIN_LEVEL && (kept.size() < capacity || kept.containsKey(node))) {
            kept.put(node, hash.clone());
        }
    }

    private void loadOnce() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (!loaded) {
                preload.each(MIN_LEVEL, capacity, this::keep);
                loaded = true;
            }
        }
    }
}
