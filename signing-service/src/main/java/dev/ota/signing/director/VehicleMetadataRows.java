package dev.ota.signing.director;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.InstallConditions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code director_vehicle}: each vehicle's latest signed director documents. */
@Component
class VehicleMetadataRows {

    private static final String COLUMNS = """
            vin, targets_version, snapshot_version, timestamp_version, targets, snapshot, timestamp,
            targets_expires_at, snapshot_expires_at, timestamp_expires_at, assignment_id, campaign_id,
            install_conditions""";

    private final JdbcClient jdbc;

    VehicleMetadataRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Orders every change to one vehicle's director metadata, also while it has no row yet (a first ask and a first
     * assignment must not both sign version 1). Held until the transaction ends.
     */
    void lockVehicle(String vin) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('director-vehicle:' || :vin))")
                .param("vin", vin)
                .query((rs, n) -> 1)
                .list();
    }

    Optional<VehicleMetadata> find(String vin) {
        return jdbc.sql("select " + COLUMNS + " from director_vehicle where vin = :vin")
                .param("vin", vin)
                .query(VehicleMetadataRows::row)
                .optional();
    }

    /**
     * A vehicle's row and the newest director root version, in one round trip: what answering an ask reads.
     *
     * @return empty when the vehicle has no row
     */
    Optional<WithRoot> findWithRootVersion(String vin) {
        return jdbc.sql("select " + COLUMNS
                        + ", (select max(version) from tuf_metadata where repository = 'director' and role = 'root')"
                        + " as root_version from director_vehicle where vin = :vin")
                .param("vin", vin)
                .query((rs, n) -> new WithRoot(row(rs, n), rs.getLong("root_version")))
                .optional();
    }

    record WithRoot(VehicleMetadata metadata, long rootVersion) {}

    /** The rows of these vehicles (those that have one) with the newest director root version, in one round trip. */
    List<WithRoot> findAllWithRootVersion(java.util.Collection<String> vins) {
        if (vins.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS
                        + ", (select max(version) from tuf_metadata where repository = 'director' and role = 'root')"
                        + " as root_version from director_vehicle where vin in (:vins)")
                .param("vins", List.copyOf(vins))
                .query((rs, n) -> new WithRoot(row(rs, n), rs.getLong("root_version")))
                .list();
    }

    void save(VehicleMetadata metadata) {
        DirectorDocuments.Issued d = metadata.documents();
        jdbc.sql("""
                        insert into director_vehicle (vin, targets_version, snapshot_version, timestamp_version,
                            targets, snapshot, timestamp, targets_expires_at, snapshot_expires_at,
                            timestamp_expires_at, assignment_id, campaign_id, install_conditions, updated_at)
                        values (:vin, :tv, :sv, :tsv, :t, :s, :ts, :te, :se, :tse, :a, :c, :ic, now())
                        on conflict (vin) do update set targets_version = :tv, snapshot_version = :sv,
                            timestamp_version = :tsv, targets = :t, snapshot = :s, timestamp = :ts,
                            targets_expires_at = :te, snapshot_expires_at = :se, timestamp_expires_at = :tse,
                            assignment_id = :a, campaign_id = :c, install_conditions = :ic, updated_at = now()""")
                .param("vin", metadata.vin())
                .param("tv", d.versions().targets())
                .param("sv", d.versions().snapshot())
                .param("tsv", d.versions().timestamp())
                .param("t", d.targets())
                .param("s", d.snapshot())
                .param("ts", d.timestamp())
                .param("te", Timestamp.from(d.targetsExpires()))
                .param("se", Timestamp.from(d.snapshotExpires()))
                .param("tse", Timestamp.from(d.timestampExpires()))
                .param("a", metadata.assignmentId())
                .param("c", metadata.campaignId())
                .param("ic", conditionsJson(metadata.conditions()))
                .update();
    }

    /**
     * Rows with a document that expires before its limit, locked for this transaction; rows another replica is
     * signing right now are skipped, so replicas share the work.
     */
    List<VehicleMetadata> lockDue(Instant targetsBefore, Instant snapshotBefore, Instant timestampBefore, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from director_vehicle
                        where timestamp_expires_at < :tsb or snapshot_expires_at < :sb or targets_expires_at < :tb
                        limit :limit for update skip locked""")
                .param("tsb", Timestamp.from(timestampBefore))
                .param("sb", Timestamp.from(snapshotBefore))
                .param("tb", Timestamp.from(targetsBefore))
                .param("limit", limit)
                .query(VehicleMetadataRows::row)
                .list();
    }

    private static VehicleMetadata row(ResultSet rs, int n) throws SQLException {
        var documents = new DirectorDocuments.Issued(
                new DirectorDocuments.Versions(
                        rs.getLong("targets_version"), rs.getLong("snapshot_version"), rs.getLong("timestamp_version")),
                rs.getString("targets"),
                rs.getString("snapshot"),
                rs.getString("timestamp"),
                rs.getTimestamp("targets_expires_at").toInstant(),
                rs.getTimestamp("snapshot_expires_at").toInstant(),
                rs.getTimestamp("timestamp_expires_at").toInstant());
        String conditions = rs.getString("install_conditions");
        return new VehicleMetadata(
                rs.getString("vin"),
                documents,
                rs.getObject("assignment_id", UUID.class),
                rs.getObject("campaign_id", UUID.class),
                conditions == null ? null : EventCodec.mapper().readValue(conditions, InstallConditions.class));
    }

    private static @Nullable String conditionsJson(@Nullable InstallConditions conditions) {
        return conditions == null ? null : EventCodec.mapper().writeValueAsString(conditions);
    }
}
