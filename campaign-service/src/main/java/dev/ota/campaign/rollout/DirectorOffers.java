package dev.ota.campaign.rollout;

import dev.ota.contracts.events.DeltaOffered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records, per assignment, what the director's metadata costs the vehicle to download (the deltas it offered against
 * the full images), and sums it per campaign. Metadata for an assignment this service did not make (a rollback's) is
 * ignored; the latest metadata of an assignment wins (the director issues it once per assignment).
 */
@Service
public class DirectorOffers {

    private final JdbcClient jdbc;

    DirectorOffers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void issued(DirectorMetadataIssued issued) {
        if (issued.targets().isEmpty()) {
            return; // from a director that predates the field: nothing to count
        }
        Map<String, Long> deltaBytes = new HashMap<>();
        for (DeltaOffered offer : issued.deltasOffered()) {
            deltaBytes.put(offer.ecuSerial(), offer.deltaLength());
        }
        long full = 0;
        long download = 0;
        for (DirectorMetadataIssued.AssignedImage image : issued.targets()) {
            full += image.length();
            download += Math.min(image.length(), deltaBytes.getOrDefault(image.ecuSerial(), image.length()));
        }
        jdbc.sql("""
                        update campaign_vehicle set full_image_bytes = :full, download_bytes = :download,
                            deltas_offered = :offered
                        where assignment_id = :assignment""")
                .param("full", full)
                .param("download", download)
                .param("offered", deltaBytes.size())
                .param("assignment", issued.assignmentId())
                .update();
    }

    @Transactional(readOnly = true)
    public DownloadSavings of(UUID campaign) {
        return jdbc.sql("""
                        select count(*) as issued,
                               count(*) filter (where deltas_offered > 0) as offered,
                               coalesce(sum(download_bytes), 0) as download,
                               coalesce(sum(full_image_bytes), 0) as full
                        from campaign_vehicle where campaign_id = :c and full_image_bytes is not null""")
                .param("c", campaign)
                .query((rs, row) -> new DownloadSavings(
                        rs.getLong("issued"), rs.getLong("offered"), rs.getLong("download"), rs.getLong("full")))
                .single();
    }
}
