package dev.ota.uptane.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Non-volatile storage for one repository's trusted metadata on one ECU (TUF 1.0 sections 5.3.8, 5.4.5, 5.5.7 and
 * 5.6.6: "persist root / timestamp / snapshot / targets metadata"). What is stored survives a restart, so the rollback
 * anchors (trusted versions, the previous director targets with their release counters) do not fall back to the root
 * the vehicle was shipped with.
 *
 * <p>File names are the plain TUF names ({@code root.json}, {@code timestamp.json}, {@code snapshot.json}, {@code
 * targets.json}). A write replaces the file as a whole or not at all.
 */
public interface TrustStore {

    /** The stored file, or null when there is none. */
    byte @Nullable [] read(String name);

    /** Replaces the file atomically: after a crash the old or the new content is there, never a mix. */
    void write(String name, byte[] content);

    void delete(String name);

    /** Keeps nothing across restarts: for tests and for clients that only ever run once. */
    static TrustStore inMemory() {
        Map<String, byte[]> files = new ConcurrentHashMap<>();
        return new TrustStore() {
            @Override
            public byte @Nullable [] read(String name) {
                byte[] content = files.get(name);
                return content == null ? null : content.clone();
            }

            @Override
            public void write(String name, byte[] content) {
                files.put(name, content.clone());
            }

            @Override
            public void delete(String name) {
                files.remove(name);
            }
        };
    }
}
