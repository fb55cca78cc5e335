package dev.ota.audit.merkle;

import java.util.Collection;
import java.util.Map;

/**
 * Where the hashes of complete subtrees are kept (a database, memory, a file). Asked for all nodes a proof needs at
 * once, so a store can answer with one round trip.
 */
@FunctionalInterface
public interface NodeReader {

    /**
     * @return the hash of every requested node; a store that lacks one must throw rather than omit it
     */
    Map<NodeId, byte[]> read(Collection<NodeId> nodes);
}
