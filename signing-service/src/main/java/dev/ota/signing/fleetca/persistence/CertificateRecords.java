package dev.ota.signing.fleetca.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the fleet CA issued and revoked. Callers run these in their transaction; the VIN locks order an issuance and a
 * revocation of the same vehicle, so a revocation by VIN lists every certificate committed before it and none issued
 * after it is missed: transaction-scoped PostgreSQL advisory locks, shared for issuing (batches do not wait for each
 * other) and exclusive for revoking a vehicle.
 */
@Repository
public class CertificateRecords {

    private static final String LOCK_PREFIX = "fleet-ca:";

    private final JdbcClient jdbc;

    CertificateRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Shared VIN locks for an issuance, taken with one statement for the whole batch. */
    public void lockForIssuing(List<String> vins) {
        jdbc.sql(
                        "select count(pg_advisory_xact_lock_shared(hashtext(:prefix || v))) from unnest(cast(:vins as text[])) v")
                .param("prefix", LOCK_PREFIX)
                .param("vins", vins.toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    /** The exclusive lock of one vehicle, for revoking all its certificates. */
    public void lockForRevoking(String vin) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:prefix || :vin))")
                .param("prefix", LOCK_PREFIX)
                .param("vin", vin)
                .query((rs, n) -> 0)
                .list();
    }

    /**
     * Records the certificates with one multi-row insert. A serial already recorded fails the statement, and with it
     * the transaction: no two certificates ever share a serial.
     */
    public void recordIssued(List<IssuedCertificate> certificates) {
        if (certificates.isEmpty()) {
            return;
        }
        int n = certificates.size();
        String[] serials = new String[n];
        String[] vins = new String[n];
        Timestamp[] notAfter = new Timestamp[n];
        Timestamp[] issuedAt = new Timestamp[n];
        String[] issuedBy = new String[n];
        for (int i = 0; i < n; i++) {
            IssuedCertificate c = certificates.get(i);
            serials[i] = c.serial();
            vins[i] = c.vin();
            notAfter[i] = Timestamp.from(c.notAfter());
            issuedAt[i] = Timestamp.from(c.issuedAt());
            issuedBy[i] = c.issuedBy();
        }
        jdbc.sql("""
                        insert into fleet_certificate (serial, vin, not_after, issued_at, issued_by)
                        select * from unnest(cast(:serials as text[]), cast(:vins as text[]),
                                             cast(:notAfter as timestamptz[]), cast(:issuedAt as timestamptz[]),
                                             cast(:issuedBy as text[]))
                        """)
                .param("serials", serials)
                .param("vins", vins)
                .param("notAfter", notAfter)
                .param("issuedAt", issuedAt)
                .param("issuedBy", issuedBy)
                .update();
    }

    /** The serials issued to the vehicle, oldest first; empty when none was. */
    public List<String> serialsOf(String vin) {
        return jdbc.sql("select serial from fleet_certificate where vin = :vin order by issued_at, serial")
                .param("vin", vin)
                .query(String.class)
                .list();
    }

    /** The vehicle's certificates, oldest first, each with whether it is revoked. */
    public List<Listed> certificatesOf(String vin) {
        return jdbc.sql("""
                        select c.serial, c.vin, c.not_after, c.issued_at, c.issued_by, r.revoked_at
                        from fleet_certificate c left join fleet_revocation r on r.serial = c.serial
                        where c.vin = :vin order by c.issued_at, c.serial""")
                .param("vin", vin)
                .query((rs, n) -> new Listed(
                        new IssuedCertificate(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(),
                                rs.getString(5)),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** A certificate and when it was revoked (null while valid). */
    public record Listed(
            IssuedCertificate certificate, @Nullable Instant revokedAt) {}

    public Optional<IssuedCertificate> find(String serial) {
        return jdbc.sql("select serial, vin, not_after, issued_at, issued_by from fleet_certificate where serial = :s")
                .param("s", serial)
                .query((rs, n) -> new IssuedCertificate(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5)))
                .optional();
    }

    /** Revokes the serials not revoked yet; an already revoked serial keeps its first revocation. */
    public void revoke(List<String> serials, @Nullable String vin, Instant at, String reason, String by) {
        jdbc.sql("""
                        insert into fleet_revocation (serial, vin, revoked_at, reason, revoked_by)
                        select s, :vin, :at, :reason, :by from unnest(cast(:serials as text[])) s
                        on conflict (serial) do nothing
                        """)
                .param("serials", serials.toArray(String[]::new))
                .param("vin", vin)
                .param("at", Timestamp.from(at))
                .param("reason", reason)
                .param("by", by)
                .update();
    }

    public boolean isRevoked(String serial) {
        return jdbc.sql("select count(*) from fleet_revocation where serial = :s")
                        .param("s", serial)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Changes whenever a serial is revoked (by any replica): the number of the latest revocation, 0 for none. */
    public long revocationVersion() {
        return jdbc.sql("select coalesce(max(seq), 0) from fleet_revocation")
                .query(Long.class)
                .single();
    }

    /** Every revoked serial with when, in revocation order. */
    public Map<String, Instant> revoked() {
        Map<String, Instant> revoked = new LinkedHashMap<>();
        jdbc.sql("select serial, revoked_at from fleet_revocation order by seq").query(rs -> {
            revoked.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
        return revoked;
    }
}
