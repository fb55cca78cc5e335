package dev.ota.signing.fleetca.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each vehicle's last renewal over MQTT and the certificates it replaced ({@code fleet_renewal}). */
@Repository
public class RenewalRecords {

    /** A vehicle's last renewal; {@code replaced} is empty once revoked or when there was nothing to replace. */
    public record Renewal(String vin, Instant renewedAt, String serial, List<String> replaced) {}

    private final JdbcClient jdbc;

    RenewalRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * When the vehicle last renewed, with its row locked until the transaction ends: replicas judging the same
     * vehicle's requests wait for each other, so the limit holds for all of them. Empty when it never renewed.
     */
    public Optional<Instant> lastRenewalLocked(String vin) {
        jdbc.sql("insert into fleet_renewal (vin, renewed_at) values (:vin, '-infinity') on conflict (vin) do nothing")
                .param("vin", vin)
                .update();
        return jdbc.sql("select renewed_at, serial from fleet_renewal where vin = :vin for update")
                .param("vin", vin)
                .query((rs, n) -> rs.getString(2) == null
                        ? Optional.<Instant>empty()
                        : Optional.of(rs.getTimestamp(1).toInstant()))
                .single();
    }

    /** Records a renewal (the row is locked by {@link #lastRenewalLocked}). */
    public void renewed(String vin, Instant at, String serial, List<String> replaced, Instant replaceBy) {
        jdbc.sql("""
                        update fleet_renewal set renewed_at = :at, serial = :serial, replaced = :replaced,
                               replace_by = :replaceBy
                        where vin = :vin""")
                .param("vin", vin)
                .param("at", Timestamp.from(at))
                .param("serial", serial)
                .param("replaced", replaced.isEmpty() ? null : replaced.toArray(String[]::new))
                .param("replaceBy", replaced.isEmpty() ? null : Timestamp.from(replaceBy))
                .update();
    }

    /**
     * The serials the vehicle's last renewal replaced, cleared in the same step, when {@code serial} is that renewal's
     * certificate; empty otherwise (another certificate, or already revoked).
     */
    public List<String> takeReplacedBy(String vin, String serial) {
        return jdbc.sql("""
                        update fleet_renewal r set replaced = null, replace_by = null
                        from (select vin, replaced from fleet_renewal where vin = :vin and serial = :serial
                              and replaced is not null for update) old
                        where r.vin = old.vin
                        returning old.replaced""")
                .param("vin", vin)
                .param("serial", serial)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray(1).getArray()))
                .optional()
                .orElse(List.of());
    }

    /** Renewals whose grace has passed with replaced serials still valid, at most {@code limit}, locked (skip locked). */
    public List<Renewal> dueForRevocation(Instant now, int limit) {
        return jdbc.sql("""
                        select vin, renewed_at, serial, replaced from fleet_renewal
                        where replaced is not null and replace_by <= :now
                        order by replace_by limit :limit for update skip locked""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Renewal(
                        rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), Arrays.asList((String[])
                                rs.getArray(4).getArray())))
                .list();
    }

    public void clearReplaced(String vin) {
        jdbc.sql("update fleet_renewal set replaced = null, replace_by = null where vin = :vin")
                .param("vin", vin)
                .update();
    }
}
