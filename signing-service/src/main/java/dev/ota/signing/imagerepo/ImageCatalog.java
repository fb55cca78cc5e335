package dev.ota.signing.imagerepo;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The image table. */
@Repository
public class ImageCatalog {

    private final JdbcClient jdbc;

    ImageCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ImageRecord> find(String name, String version) {
        return jdbc.sql("select * from image where name = :name and version = :version")
                .param("name", name)
                .param("version", version)
                .query(ImageCatalog::map)
                .optional();
    }

    public Optional<ImageRecord> findByTargetPath(String targetPath) {
        return jdbc.sql("select * from image where target_path = :p")
                .param("p", targetPath)
                .query(ImageCatalog::map)
                .optional();
    }

    /** Another image already stored with these bytes (blobs are stored once by content). */
    public boolean blobInUse(String sha256) {
        return jdbc.sql("select count(*) from image where sha256 = :h")
                        .param("h", sha256)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The highest release counter any version of this image was given (0 when none). */
    long highestReleaseCounter(String name) {
        return jdbc.sql("select coalesce(max(release_counter), 0) from image where name = :name")
                .param("name", name)
                .query(Long.class)
                .single();
    }

    void insert(ImageRecord image) {
        jdbc.sql("""
                        insert into image (name, version, target_path, length, sha256, sha512, hardware_ids,
                                           release_counter, custom, staging_role, status, uploaded_by)
                        values (:name, :version, :path, :length, :sha256, :sha512, :hw, :rc, :custom, :role, :status, :by)""")
                .param("name", image.name())
                .param("version", image.version())
                .param("path", image.targetPath())
                .param("length", image.length())
                .param("sha256", image.sha256())
                .param("sha512", image.sha512())
                .param("hw", CanonicalJson.encodeToString(image.hardwareIds()))
                .param("rc", image.releaseCounter())
                .param("custom", CanonicalJson.encodeToString(image.custom()))
                .param("role", image.stagingRole())
                .param("status", image.status().name())
                .param("by", image.uploadedBy())
                .update();
    }

    void markReleased(String name, String version, String by) {
        jdbc.sql(
                        "update image set status = 'RELEASED', released_by = :by, updated_at = now() where name = :n and version = :v")
                .param("by", by)
                .param("n", name)
                .param("v", version)
                .update();
    }

    void markRevoked(String name, String version, String by, String reason) {
        jdbc.sql("""
                        update image set status = 'REVOKED', revoked_by = :by, revoke_reason = :reason, updated_at = now()
                        where name = :n and version = :v""")
                .param("by", by)
                .param("reason", reason)
                .param("n", name)
                .param("v", version)
                .update();
    }

    public List<ImageRecord> list(@Nullable String name) {
        return jdbc.sql(
                        "select * from image where (:name::text is null or name = :name) order by created_at desc limit 500")
                .param("name", name)
                .query(ImageCatalog::map)
                .list();
    }

    private static ImageRecord map(ResultSet rs, int row) throws SQLException {
        var custom = new LinkedHashMap<String, String>();
        Json.object(Json.parse(rs.getString("custom")), "custom").forEach((k, v) -> custom.put(k, String.valueOf(v)));
        @SuppressWarnings("unchecked")
        List<String> hw = (List<String>) Json.parse(rs.getString("hardware_ids"));
        return new ImageRecord(
                rs.getString("name"),
                rs.getString("version"),
                rs.getString("target_path"),
                rs.getLong("length"),
                rs.getString("sha256"),
                rs.getString("sha512"),
                hw,
                rs.getLong("release_counter"),
                Map.copyOf(custom),
                rs.getString("staging_role"),
                ImageRecord.Status.valueOf(rs.getString("status")),
                rs.getString("uploaded_by"));
    }
}
