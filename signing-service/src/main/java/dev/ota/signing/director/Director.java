package dev.ota.signing.director;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.platform.outbox.Outbox;
import dev.ota.signing.imagerepo.ImageCatalog;
import dev.ota.signing.imagerepo.ImageRecord;
import dev.ota.signing.keys.OnlineKeys;
import dev.ota.signing.keys.OnlineRole;
import dev.ota.signing.tuf.MetadataStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The director: signs per-vehicle metadata for each assignment and hands it to the vehicle through Kafka and the
 * gateway. It only assigns images the image repository has released, with the same length, hashes and release
 * counter, so that the vehicle's full verification (Uptane 2.0 section 5.4.4.2) can succeed.
 */
@Service
class Director {

    private final JdbcClient jdbc;
    private final ImageCatalog images;
    private final MetadataStore store;
    private final Outbox outbox;
    private final DirectorDocuments documents;
    private final Clock clock = Clock.systemUTC();

    Director(
            JdbcClient jdbc,
            ImageCatalog images,
            MetadataStore store,
            Outbox outbox,
            OnlineKeys keys,
            DirectorProperties properties) {
        this.jdbc = jdbc;
        this.images = images;
        this.store = store;
        this.outbox = outbox;
        this.documents = new DirectorDocuments(
                keys.signer(OnlineRole.DIRECTOR_TARGETS),
                keys.signer(OnlineRole.DIRECTOR_SNAPSHOT),
                keys.signer(OnlineRole.DIRECTOR_TIMESTAMP),
                properties);
    }

    /** Runs inside the consumer's transaction (with the inbox record and the outbox event). */
    DirectorMetadataIssued issue(
            String vin, UUID assignmentId, UUID campaignId, List<EcuTarget> targets, InstallConditions conditions) {
        targets.forEach(Director::requireUniqueEcu);
        for (EcuTarget t : targets) {
            requireReleased(t);
        }
        long seen = targets.stream().map(EcuTarget::ecuSerial).distinct().count();
        if (seen != targets.size()) {
            throw new MalformedEventException("an assignment lists an ECU more than once");
        }
        long version = jdbc.sql("select targets_version from director_vehicle where vin = :vin for update")
                        .param("vin", vin)
                        .query(Long.class)
                        .optional()
                        .orElse(0L)
                + 1;
        var issued = documents.issue(version, targets, conditions, clock.instant());
        jdbc.sql("""
                        insert into director_vehicle (vin, targets_version, snapshot_version, timestamp_version,
                                                      assignment_id, targets, snapshot, timestamp, updated_at)
                        values (:vin, :v, :v, :v, :a, :t, :s, :ts, :now)
                        on conflict (vin) do update set targets_version = :v, snapshot_version = :v,
                            timestamp_version = :v, assignment_id = :a, targets = :t, snapshot = :s,
                            timestamp = :ts, updated_at = :now""")
                .param("vin", vin)
                .param("v", version)
                .param("a", assignmentId)
                .param("t", issued.targets())
                .param("s", issued.snapshot())
                .param("ts", issued.timestamp())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        var metadata = new LinkedHashMap<String, String>();
        for (var root : store.roots(MetadataStore.DIRECTOR)) {
            metadata.put(root.version() + ".root.json", root.document());
        }
        metadata.putAll(issued.files());
        var event = new DirectorMetadataIssued(
                UUID.randomUUID(), clock.instant(), vin, assignmentId, campaignId, Map.copyOf(metadata));
        outbox.publish(event);
        return event;
    }

    private static void requireUniqueEcu(EcuTarget t) {
        if (t.hashes().isEmpty()) {
            throw new MalformedEventException("target " + t.targetPath() + " has no hashes");
        }
    }

    /** Uptane 2.0 section 5.2: the director must not send an ECU an image the image repository does not vouch for. */
    private void requireReleased(EcuTarget t) {
        ImageRecord image = images.findByTargetPath(t.targetPath())
                .orElseThrow(() -> new MalformedEventException("unknown image " + t.targetPath()));
        if (image.status() != ImageRecord.Status.RELEASED) {
            throw new MalformedEventException("image " + t.targetPath() + " is " + image.status() + ", not RELEASED");
        }
        if (image.length() != t.length()
                || !image.sha256().equalsIgnoreCase(t.hashes().getOrDefault("sha256", image.sha256()))
                || !image.sha512().equalsIgnoreCase(t.hashes().getOrDefault("sha512", image.sha512()))) {
            throw new MalformedEventException(
                    "length or hashes of " + t.targetPath() + " differ from the image repository");
        }
        if (image.releaseCounter() != t.releaseCounter()) {
            throw new MalformedEventException("release counter " + t.releaseCounter() + " of " + t.targetPath()
                    + " differs from the image repository's " + image.releaseCounter()
                    + " (a rollback needs the old image re-released under a new counter)");
        }
        if (!image.hardwareIds().contains(t.hardwareId())) {
            throw new MalformedEventException(t.targetPath() + " is not released for hardware " + t.hardwareId());
        }
    }
}
