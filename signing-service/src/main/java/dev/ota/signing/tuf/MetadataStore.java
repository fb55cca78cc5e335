package dev.ota.signing.tuf;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Signed metadata documents per repository, role and version, stored exactly as they are served. */
@Repository
public class MetadataStore {

    public static final String IMAGE = "image";
    public static final String DIRECTOR = "director";

    private final JdbcClient jdbc;

    MetadataStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored document. */
    public record Stored(String role, long version, Instant expires, String document) {}

    /**
     * Serialises writers of one repository across service instances for the rest of the transaction, so versions
     * are assigned without gaps or duplicates.
     */
    public void lock(String repository) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:r))")
                .param("r", "tuf:" + repository)
                .query()
                .singleRow();
    }

    public void save(String repository, String role, long version, Instant expires, String document) {
        jdbc.sql("""
                        insert into tuf_metadata (repository, role, version, expires_at, document)
                        values (:repository, :role, :version, :expires, :document)""")
                .param("repository", repository)
                .param("role", role)
                .param("version", version)
                .param("expires", Timestamp.from(expires))
                .param("document", document)
                .update();
    }

    public Optional<Stored> latest(String repository, String role) {
        return jdbc.sql("""
                        select role, version, expires_at, document from tuf_metadata
                        where repository = :repository and role = :role order by version desc limit 1""")
                .param("repository", repository)
                .param("role", role)
                .query((rs, i) -> new Stored(
                        rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .optional();
    }

    public Optional<String> document(String repository, String role, long version) {
        return jdbc.sql(
                        "select document from tuf_metadata where repository = :repository and role = :role and version = :v")
                .param("repository", repository)
                .param("role", role)
                .param("v", version)
                .query(String.class)
                .optional();
    }

    /** Every root version in order: vehicles walk the rotation chain from the root they trust. */
    public List<Stored> roots(String repository) {
        return jdbc.sql("""
                        select role, version, expires_at, document from tuf_metadata
                        where repository = :repository and role = 'root' order by version""")
                .param("repository", repository)
                .query((rs, i) -> new Stored(
                        rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
    }

    /** The latest version of every role of a repository. */
    public List<Stored> latestOfEachRole(String repository) {
        return jdbc.sql("""
                        select distinct on (role) role, version, expires_at, document from tuf_metadata
                        where repository = :repository order by role, version desc""")
                .param("repository", repository)
                .query((rs, i) -> new Stored(
                        rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
    }
}
