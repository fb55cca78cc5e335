package dev.ota.signing.imagerepo;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.metadata.TargetFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The image_delta table, and which released images still wait for their deltas. */
@Repository
class DeltaCatalog {

    /** A delta as stored: its target path, the image name and versions it joins, its bytes' identity. */
    record StoredDelta(
            String targetPath,
            String imageName,
            String baseVersion,
            String resultVersion,
            long length,
            String sha256,
            String sha512,
            Map<String, Object> description) {

        TargetFile targetFile() {
            return new TargetFile(length, Map.of("sha256", sha256, "sha512", sha512), description);
        }
    }

    private final JdbcClient jdbc;

    DeltaCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Released images whose deltas are still to be made, oldest release first. */
    List<String[]> pendingReleases(int limit) {
        return jdbc.sql("""
                        select name, version from image where status = 'RELEASED' and deltas_made_at is null
                        order by updated_at, name, version limit :limit""")
                .param("limit", limit)
                .query((rs, row) -> new String[] {rs.getString("name"), rs.getString("version")})
                .list();
    }

    /** Released versions of the image name, highest release counter first. */
    List<String> releasedVersions(String name) {
        return jdbc.sql("""
                        select version from image where name = :name and status = 'RELEASED'
                        order by release_counter desc, created_at desc""").param("name", name).query(String.class).list();
    }

    void insert(StoredDelta delta) {
        jdbc.sql("""
                        insert into image_delta (target_path, image_name, base_version, result_version, length, sha256,
                                                 sha512, description)
                        values (:path, :name, :base, :result, :length, :sha256, :sha512, :description)
                        on conflict do nothing""")
                .param("path", delta.targetPath())
                .param("name", delta.imageName())
                .param("base", delta.baseVersion())
                .param("result", delta.resultVersion())
                .param("length", delta.length())
                .param("sha256", delta.sha256())
                .param("sha512", delta.sha512())
                .param("description", CanonicalJson.encodeToString(delta.description()))
                .update();
    }

    void markDeltasMade(String name, String version) {
        jdbc.sql("update image set deltas_made_at = now() where name = :n and version = :v")
                .param("n", name)
                .param("v", version)
                .update();
    }

    /** The deltas to publish: those whose base and result are both still released (a revoked one drops out). */
    Map<String, TargetFile> publishable() {
        var out = new LinkedHashMap<String, TargetFile>();
        listed("").forEach(d -> out.put(d.targetPath(), d.targetFile()));
        return out;
    }

    /** A delta that is published now, by its target path (what the HTTP layout serves). */
    Optional<StoredDelta> findPublished(String targetPath) {
        return listed("and d.target_path = :path", targetPath).stream().findFirst();
    }

    private List<StoredDelta> listed(String condition, String... path) {
        var query = jdbc.sql("""
                select d.* from image_delta d
                join image b on b.name = d.image_name and b.version = d.base_version and b.status = 'RELEASED'
                join image r on r.name = d.image_name and r.version = d.result_version and r.status = 'RELEASED'
                where true %s order by d.target_path""".formatted(condition));
        if (path.length > 0) {
            query = query.param("path", path[0]);
        }
        return query.query((rs, row) -> new StoredDelta(
                        rs.getString("target_path"),
                        rs.getString("image_name"),
                        rs.getString("base_version"),
                        rs.getString("result_version"),
                        rs.getLong("length"),
                        rs.getString("sha256"),
                        rs.getString("sha512"),
                        Json.object(Json.parse(rs.getString("description")), "description")))
                .list();
    }
}
