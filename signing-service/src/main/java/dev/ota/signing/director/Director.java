package dev.ota.signing.director;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.platform.outbox.Outbox;
import dev.ota.signing.imagerepo.ImageCatalog;
import dev.ota.signing.imagerepo.ImageRecord;
import dev.ota.signing.tuf.MetadataStore;
import dev.ota.uptane.delta.DeltaOffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The director: signs per-vehicle metadata for each assignment, stores it (what a vehicle that asks is answered
 * from, {@link DirectorAnswers}) and hands it to the vehicle through Kafka and the gateway. It only assigns images the
 * image repository has released, with the same length, hashes and release counter, so that the vehicle's full
 * verification (Uptane 2.0 section 5.4.4.2) can succeed. Where a released delta leads from the image an ECU reported
 * installed to its assigned image, the director offers it too ({@link DeltaOffers}).
 */
@Service
class Director {

    private static final Logger log = LoggerFactory.getLogger(Director.class);

    private final VehicleMetadataRows rows;
    private final ImageCatalog images;
    private final MetadataStore store;
    private final Outbox outbox;
    private final DirectorDocuments documents;
    private final DeltaOffers deltaOffers;
    private final Clock clock = Clock.systemUTC();

    Director(
            VehicleMetadataRows rows,
            ImageCatalog images,
            MetadataStore store,
            Outbox outbox,
            DirectorDocuments documents,
            DeltaOffers deltaOffers) {
        this.rows = rows;
        this.images = images;
        this.store = store;
        this.outbox = outbox;
        this.documents = documents;
        this.deltaOffers = deltaOffers;
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
        rows.lockVehicle(vin);
        DirectorDocuments.Versions versions = rows.find(vin)
                .map(stored -> stored.documents().versions())
                .orElse(DirectorDocuments.Versions.NONE)
                .next();
        var offers = new LinkedHashMap<String, DeltaOffers.Offer>();
        for (EcuTarget t : targets) {
            deltaOffers.offerFor(t).ifPresent(offer -> offers.put(t.ecuSerial(), offer));
        }
        var signedOffers = new LinkedHashMap<String, DeltaOffer>();
        offers.forEach((ecu, offer) -> signedOffers.put(ecu, offer.signed()));
        var issued = documents.issue(versions, targets, signedOffers, conditions, clock.instant());
        rows.save(new VehicleMetadata(vin, issued, assignmentId, campaignId, conditions));
        var metadata = new LinkedHashMap<String, String>();
        for (var root : store.roots(MetadataStore.DIRECTOR)) {
            metadata.put(root.version() + ".root.json", root.document());
        }
        metadata.putAll(issued.files());
        var event = new DirectorMetadataIssued(
                UUID.randomUUID(),
                clock.instant(),
                vin,
                assignmentId,
                campaignId,
                Map.copyOf(metadata),
                targets.stream()
                        .map(t -> new DirectorMetadataIssued.AssignedImage(t.ecuSerial(), t.targetPath(), t.length()))
                        .toList(),
                offers.values().stream().map(DeltaOffers.Offer::reported).toList());
        outbox.publish(event);
        return event;
    }

    /**
     * A withdrawn assignment leaves the vehicle's stored metadata: if it is the one the stored targets carry out, they
     * are replaced by "nothing for you" targets, so that a vehicle asking later is not handed what was cancelled. Not
     * pushed: the gateway tells the vehicle through its command channel. Runs inside the consumer's transaction.
     */
    void cancel(String vin, UUID assignmentId) {
        rows.lockVehicle(vin);
        rows.find(vin)
                .filter(stored -> assignmentId.equals(stored.assignmentId()))
                .ifPresent(stored -> {
                    var nothing =
                            documents.nothing(stored.documents().versions().next(), clock.instant());
                    rows.save(new VehicleMetadata(vin, nothing, null, null, null));
                    log.info(
                            "assignment {} of {} cancelled: stored director targets {} list nothing",
                            assignmentId,
                            vin,
                            nothing.versions().targets());
                });
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
