package dev.ota.signing.fleetca.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which CRL version each broker node last fetched ({@code fleet_crl_reader}). */
@Repository
public class CrlReaders {

    /** Of the nodes seen since a moment, how many hold a CRL of at least a version. */
    public record Reach(int reached, int of) {}

    private final JdbcClient jdbc;

    CrlReaders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The node fetched (or was told it still holds) the CRL of this version; a lower version never replaces a higher. */
    public void fetched(String brokerId, long version, Instant at) {
        jdbc.sql("""
                        insert into fleet_crl_reader (broker_id, version, seen_at) values (:id, :v, :at)
                        on conflict (broker_id) do update
                        set version = greatest(fleet_crl_reader.version, excluded.version), seen_at = excluded.seen_at""")
                .param("id", brokerId)
                .param("v", version)
                .param("at", Timestamp.from(at))
                .update();
    }

    public Reach reach(long version, Instant seenSince) {
        return jdbc.sql("""
                        select count(*) filter (where version >= :v), count(*)
                        from fleet_crl_reader where seen_at >= :since""")
                .param("v", version)
                .param("since", Timestamp.from(seenSince))
                .query((rs, n) -> new Reach(rs.getInt(1), rs.getInt(2)))
                .single();
    }
}
