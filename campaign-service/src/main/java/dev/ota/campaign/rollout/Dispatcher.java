package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignDefinition;
import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.campaigns.UpdateBundle;
import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.images.SignedImage;
import dev.ota.campaign.policy.GeoPoint;
import dev.ota.campaign.policy.RolloutPolicies;
import dev.ota.campaign.registry.Vehicle;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.CompatibilityChecked;
import dev.ota.contracts.events.CompatibilityRoundChecked;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.platform.assignments.AssignmentSigner;
import dev.ota.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One dispatch round for one campaign, in one transaction that holds the campaign row lock: the state is checked
 * under that lock and the assignments go to the outbox before it is released. A hold, abort or failing verdict locks
 * the same row, so whichever commits first wins and no assignment is written after a stop decision (zero overshoot).
 *
 * <p>A round costs a fixed number of statements, not one per vehicle: the vehicles are loaded together, settlements,
 * deferrals, assignments and compatibility evidence are written as batches, and the {@code UpdateAssigned} events go
 * to the outbox with one {@link Outbox#publishAll} call.
 *
 * <p>The compatibility evidence is emitted in the same call: a {@code CompatibilityChecked} with the reasons for each
 * vehicle that was checked and not assigned (incompatible or already current), and one {@code
 * CompatibilityRoundChecked} per round naming every vehicle found compatible with the manifest it was judged against.
 * Assigned vehicles do not get a record each: that would double what dispatch sends to Kafka, and the relay is what
 * bounds dispatch throughput.
 */
@Component
class Dispatcher {

    private final Campaigns campaigns;
    private final RolloutStore store;
    private final VehicleRegistry registry;
    private final ImageCatalogue images;
    private final Outbox outbox;
    private final RolloutProperties properties;
    private final Clock clock;
    private final AssignmentSigner signer;

    Dispatcher(
            Campaigns campaigns,
            RolloutStore store,
            VehicleRegistry registry,
            ImageCatalogue images,
            Outbox outbox,
            RolloutProperties properties,
            Clock clock,
            AssignmentSigner signer) {
        this.signer = signer;
        this.campaigns = campaigns;
        this.store = store;
        this.registry = registry;
        this.images = images;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many vehicles were assigned in this round */
    @Transactional
    public int dispatch(UUID id) {
        Campaign campaign = campaigns.lock(id);
        if (campaign.state() != CampaignState.RUNNING) {
            return 0;
        }
        int stage = campaign.currentStage();
        CampaignDefinition definition = campaign.definition();
        RolloutPolicies policies = definition.policies();
        Instant now = clock.instant();
        double tokens = policies.rateLimit()
                .refill(campaign.rateTokens(), campaign.rateUpdatedAt(), now, campaign.dispatched());
        int permits = (int) Math.min(Math.floor(tokens), properties.batchSize());
        if (permits <= 0) {
            campaigns.recordDispatch(id, tokens, now, 0);
            return 0;
        }
        List<CampaignVehicle> due = store.due(id, stage, now, permits);
        Map<String, Vehicle> vehicles =
                registry.load(due.stream().map(CampaignVehicle::vin).toList());
        Map<String, SignedImage> bundleImages = resolve(definition.bundle());
        List<RolloutStore.Assignment> assignments = new ArrayList<>();
        List<UpdateAssigned> events = new ArrayList<>();
        List<RolloutStore.Settlement> settled = new ArrayList<>();
        List<RolloutStore.Deferral> deferred = new ArrayList<>();
        List<CompatibilityEvidence> evidence = new ArrayList<>();
        List<CompatibilityChecked> notAssigned = new ArrayList<>();
        List<CompatibilityRoundChecked.CompatibleVehicle> compatibleVehicles = new ArrayList<>();
        InstallConditions conditions = policies.preconditions().forAssignment(now, policies.geofence());
        for (CampaignVehicle candidate : due) {
            Vehicle vehicle = vehicles.get(candidate.vin());
            if (vehicle == null) {
                settled.add(new RolloutStore.Settlement(
                        candidate.vin(), VehicleStatus.INCOMPATIBLE, "vehicle no longer registered"));
                continue;
            }
            if (policies.maintenanceWindow() != null) {
                ZoneId zone = ZoneId.of(vehicle.timeZone());
                if (!policies.maintenanceWindow().isOpen(now, zone)) {
                    deferred.add(new RolloutStore.Deferral(
                            vehicle.vin(),
                            policies.maintenanceWindow().nextOpening(now, zone),
                            "waiting for maintenance window"));
                    continue;
                }
            }
            if (policies.geofence() != null) {
                GeoPoint location = vehicle.latitude() == null || vehicle.longitude() == null
                        ? null
                        : new GeoPoint(vehicle.latitude(), vehicle.longitude());
                Optional<String> refusal = policies.geofence().refusal(location);
                if (refusal.isPresent()) {
                    deferred.add(new RolloutStore.Deferral(
                            vehicle.vin(), now.plus(properties.geofenceRecheck()), "geofence: " + refusal.get()));
                    continue;
                }
            }
            Compatibility compatibility = CompatibilityCheck.check(vehicle, definition.bundle(), bundleImages);
            evidence.add(new CompatibilityEvidence(
                    vehicle.vin(),
                    compatibility instanceof Compatibility.Compatible,
                    compatibility.evidence(),
                    vehicle.manifestAt(),
                    now));
            switch (compatibility) {
                case Compatibility.Incompatible incompatible -> {
                    settled.add(new RolloutStore.Settlement(
                            vehicle.vin(), VehicleStatus.INCOMPATIBLE, incompatible.evidence()));
                    notAssigned.add(
                            checked(id, stage, vehicle, VehicleStatus.INCOMPATIBLE, incompatible.reasons(), now));
                }
                case Compatibility.AlreadyInstalled installed -> {
                    settled.add(new RolloutStore.Settlement(
                            vehicle.vin(), VehicleStatus.ALREADY_CURRENT, installed.evidence()));
                    notAssigned.add(checked(
                            id, stage, vehicle, VehicleStatus.ALREADY_CURRENT, List.of(installed.evidence()), now));
                }
                case Compatibility.Compatible compatible -> {
                    compatibleVehicles.add(new CompatibilityRoundChecked.CompatibleVehicle(
                            vehicle.vin(), vehicle.manifestAt(), vehicle.manifestVerified()));
                    UUID assignment = UUID.randomUUID();
                    assignments.add(new RolloutStore.Assignment(vehicle.vin(), assignment));
                    // sealed: the director signs metadata only for an assignment campaign-service vouches for
                    events.add(signer.seal(new UpdateAssigned(
                            UUID.randomUUID(),
                            now,
                            vehicle.vin(),
                            assignment,
                            id,
                            stage,
                            compatible.targets(),
                            conditions.withInstallOrder(installOrder(definition.bundle(), compatible.targets())),
                            vehicle.model(),
                            definition.bundle().rxswin())));
                }
            }
        }
        store.settle(id, settled);
        store.defer(id, deferred);
        store.assigned(id, assignments, now);
        store.evidence(id, evidence);
        List<OtaEvent> outgoing = new ArrayList<>(events.size() + notAssigned.size() + 1);
        outgoing.addAll(events);
        if (!evidence.isEmpty()) {
            outgoing.addAll(notAssigned);
            outgoing.add(new CompatibilityRoundChecked(
                    UUID.randomUUID(),
                    now,
                    id,
                    stage,
                    evidence.size(),
                    (int) notAssigned.stream()
                            .filter(c -> c.outcome().equals(VehicleStatus.INCOMPATIBLE.name()))
                            .count(),
                    (int) notAssigned.stream()
                            .filter(c -> c.outcome().equals(VehicleStatus.ALREADY_CURRENT.name()))
                            .count(),
                    compatibleVehicles));
        }
        // one multi-row insert for the round's UpdateAssigned and compatibility events, still under the row lock
        outbox.publishAll(outgoing);
        campaigns.recordDispatch(id, tokens - assignments.size(), now, assignments.size());
        // a full page may leave vehicles behind; only a short one can have emptied the stage
        if (due.size() < permits && store.pending(id, stage) == 0) {
            store.stage(id, stage)
                    .filter(view -> view.state() == StageState.DISPATCHING)
                    .ifPresent(view -> store.stageState(id, stage, StageState.SOAKING, now));
        }
        return assignments.size();
    }

    private static CompatibilityChecked checked(
            UUID campaign, int stage, Vehicle vehicle, VehicleStatus outcome, List<String> reasons, Instant now) {
        return new CompatibilityChecked(
                UUID.randomUUID(),
                now,
                campaign,
                vehicle.vin(),
                stage,
                false,
                outcome.name(),
                reasons,
                vehicle.manifestAt(),
                vehicle.manifestVerified());
    }

    /**
     * The vehicle's ECUs this assignment updates, in the bundle's install order; signed into the install conditions,
     * so the vehicle installs in that order and refuses a bundle whose director targets leave one of them out.
     */
    private static List<String> installOrder(UpdateBundle bundle, List<EcuTarget> targets) {
        return bundle.serialsInInstallOrder(targets.stream()
                .map(t -> new UpdateBundle.EcuOfVehicle(t.ecuSerial(), t.hardwareId()))
                .toList());
    }

    private Map<String, SignedImage> resolve(UpdateBundle bundle) {
        Map<String, SignedImage> resolved = new HashMap<>();
        for (UpdateBundle.Image image : bundle.images()) {
            images.find(image.imageName(), image.version()).ifPresent(found -> resolved.put(image.hardwareId(), found));
        }
        return resolved;
    }
}
