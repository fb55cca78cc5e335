package dev.ota.signing.imagerepo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code image_signature} table: written in the transaction that signs, read by the release API. */
@Repository
class ImageSignatures {

    private final JdbcClient jdbc;

    ImageSignatures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String name, String version, ImageSignature signature) {
        jdbc.sql("""
                        insert into image_signature (name, version, role, action, principal, key_id, signed_at)
                        values (:name, :version, :role, :action, :principal, :key, :at)""")
                .param("name", name)
                .param("version", version)
                .param("role", signature.role())
                .param("action", signature.action().name())
                .param("principal", signature.principal())
                .param("key", signature.keyId())
                .param("at", java.sql.Timestamp.from(signature.signedAt()))
                .update();
    }

    List<ImageSignature> of(String name, String version) {
        return byImage(name, version).getOrDefault(key(name, version), List.of());
    }

    /** The key of {@link #byImage}. */
    static String key(String name, String version) {
        return name + "\n" + version;
    }

    /** Every image's signatures, keyed by {@link #key}, oldest first; one image or a name or all. */
    Map<String, List<ImageSignature>> byImage(@Nullable String name, @Nullable String version) {
        Map<String, List<ImageSignature>> byImage = new LinkedHashMap<>();
        jdbc.sql("""
                        select * from image_signature
                        where (:name::text is null or name = :name) and (:version::text is null or version = :version)
                        order by signed_at, id""")
                .param("name", name)
                .param("version", version)
                .query((rs, row) -> {
                    byImage.computeIfAbsent(
                                    key(rs.getString("name"), rs.getString("version")), image -> new ArrayList<>())
                            .add(new ImageSignature(
                                    rs.getString("role"),
                                    ImageSignature.Action.valueOf(rs.getString("action")),
                                    rs.getString("principal"),
                                    rs.getString("key_id"),
                                    rs.getTimestamp("signed_at").toInstant()));
                    return row;
                })
                .list();
        return byImage;
    }
}
