package dev.ota.simulator.fleet;

import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallGeofence;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.uptane.client.AttackDetectedException;
import dev.ota.uptane.client.UptaneVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One install on one vehicle, from command to health beacons, as a plain sequence on its own virtual thread:
 * RECEIVED, Uptane verification of the metadata (which carries the signed install conditions), consent, install
 * conditions (parked, battery, its own position against the signed geofence), DOWNLOADING (image download with length
 * and hash checks), VERIFIED (every ECU the bundle names has its image), INSTALLING, INSTALLED, REBOOTING (each ECU in
 * the signed install order written to its inactive slot and booted before the next), then SUCCEEDED, or REVERTED when
 * one does not boot (every ECU of the bundle back on its previous image, the report naming the ECU and why); FAILED or
 * REJECTED with the reason otherwise. A cancel is honoured until installing
 * starts. The fault profile of each image version decides what goes wrong.
 */
final class InstallRun {

    private static final Logger log = LoggerFactory.getLogger(InstallRun.class);

    private final Vehicle vehicle;
    private final FleetContext context;
    private final UUID assignmentId;
    private final VehicleCommand.@Nullable Update update;
    private volatile VehicleCommand.@Nullable Assign assigned;
    private final VehicleCommand.@Nullable Rollback rollback;
    private volatile @Nullable String cancelReason;
    private volatile boolean pastPointOfNoReturn;
    private volatile @Nullable Thread thread;
    private volatile String outcome = "RUNNING";
    private boolean silent;

    private InstallRun(
            Vehicle vehicle,
            UUID assignmentId,
            VehicleCommand.@Nullable Update update,
            VehicleCommand.@Nullable Assign assigned,
            VehicleCommand.@Nullable Rollback rollback) {
        this.vehicle = vehicle;
        this.context = vehicle.context();
        this.assignmentId = assignmentId;
        this.update = update;
        this.assigned = assigned;
        this.rollback = rollback;
    }

    static InstallRun update(Vehicle vehicle, VehicleCommand.Update update, VehicleCommand.@Nullable Assign assigned) {
        return new InstallRun(vehicle, update.assignmentId(), update, assigned, null);
    }

    static InstallRun rollback(Vehicle vehicle, VehicleCommand.Rollback rollback) {
        return new InstallRun(vehicle, rollback.assignmentId(), null, null, rollback);
    }

    UUID assignmentId() {
        return assignmentId;
    }

    String outcome() {
        return outcome;
    }

    void cancel(String reason) {
        if (pastPointOfNoReturn) {
            return;
        }
        cancelReason = reason;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    void run() {
        thread = Thread.currentThread();
        try {
            if (rollback != null) {
                runRollback(rollback);
            } else {
                runUpdate(Objects.requireNonNull(update));
            }
        } catch (InterruptedException interrupted) {
            end(InstallPhase.REJECTED, "cancelled: " + (cancelReason == null ? "stopped" : cancelReason));
        }
    }

    private void runUpdate(VehicleCommand.Update command) throws InterruptedException {
        progress(InstallPhase.RECEIVED, null);
        if (command.conditions() == null && assigned == null) {
            assigned = awaitAssignment();
        }
        List<PlannedImage> plan;
        try {
            plan = context.uptane().verify(vehicle, command, assigned);
        } catch (UpdateRefused refused) {
            refuse(refused);
            return;
        }
        InstallConditions signed = signedConditions(plan, command);
        InstallConditions conditions = signed != null ? signed : conditions(command);
        List<PlannedImage> ordered = InstallOrder.sorted(plan, conditions.installOrder());
        try {
            // all or nothing (Uptane 2.0 section 4, partial bundle): every ECU the signed install order names must
            // have its verified image in the director targets, or no ECU installs anything
            UptaneVerifier.requireCompleteBundle(conditions.installOrder(), new HashSet<>(serialsOf(ordered)));
        } catch (AttackDetectedException partial) {
            refuse(new UpdateRefused(
                    partial.attack().name(), Objects.requireNonNullElse(partial.getMessage(), "partial bundle")));
            return;
        }
        if (expired(conditions)) {
            end(InstallPhase.FAILED, "install window closed at " + conditions.notAfter() + " before the install began");
            return;
        }
        if (plan.stream()
                .allMatch(p -> p.image().hashes().equals(p.ecu().installed().hashes()))) {
            end(InstallPhase.SUCCEEDED, "already installed");
            publishManifest();
            return;
        }
        if (conditions.consentRequired() && !askConsent(conditions)) {
            return;
        }
        if (!awaitConditions(conditions)) {
            return;
        }
        progress(InstallPhase.DOWNLOADING, null);
        vehicle.status("DOWNLOADING");
        FaultProfile faults = faultsOf(plan);
        List<String> downloads = new ArrayList<>();
        for (PlannedImage image : plan) {
            checkCancelled();
            if (context.roll(faults.slowDownload())) {
                sleep(context.timing().slowDownload());
            }
            boolean corrupt = context.roll(faults.corruptDownload());
            DeltaFault deltaFault = context.roll(faults.corruptDelta())
                    ? DeltaFault.CORRUPT_DELTA
                    : context.roll(faults.wrongBase()) ? DeltaFault.WRONG_BASE : DeltaFault.NONE;
            try {
                downloads.add(context.uptane()
                        .download(vehicle, image, corrupt, deltaFault)
                        .describe(image.ecu().serial()));
            } catch (UpdateRefused refused) {
                if (refused.attack() != null && !corrupt) {
                    refuse(refused);
                } else {
                    end(
                            InstallPhase.FAILED,
                            "download of " + image.image().targetPath() + " failed its checks: "
                                    + refused.getMessage());
                }
                return;
            }
        }
        progress(InstallPhase.VERIFIED, String.join("; ", downloads));
        checkCancelled();
        pastPointOfNoReturn = true;
        Thread.interrupted(); // a cancel that raced the point of no return is too late
        boolean goesOffline = context.roll(faults.offlineMidUpdate());
        silent = context.roll(faults.neverReports());
        vehicle.status("INSTALLING");
        progress(InstallPhase.INSTALLING, null);
        if (goesOffline) {
            vehicle.linkOffline();
        }
        sleepThrough(context.timing().install());
        progress(InstallPhase.INSTALLED, null);
        vehicle.status("REBOOTING");
        progress(InstallPhase.REBOOTING, null);
        sleepThrough(context.timing().reboot());
        @Nullable PlannedImage failedBoot = installInOrder(ordered);
        if (goesOffline) {
            sleepThrough(context.timing().offlineSpell());
            vehicle.linkOnline();
        }
        if (failedBoot != null) {
            end(
                    InstallPhase.REVERTED,
                    failedBoot.ecu().serial(),
                    "boot of " + failedBoot.image().version() + " failed on ECU "
                            + failedBoot.ecu().serial() + " ("
                            + failedBoot.ecu().hardwareId() + "); "
                            + (ordered.size() == 1
                                    ? "kept slot " + failedBoot.ecu().activeSlot()
                                    : "every ECU of the bundle is back on its previous image: " + slotsOf(ordered)));
        } else {
            end(InstallPhase.SUCCEEDED, null);
        }
        publishManifest();
        beacons(plan, failedBoot == null);
    }

    /**
     * Installs the bundle one ECU after the other in its install order: writes the image to the ECU's inactive slot
     * and boots it, and goes on to the next only once it booted. When one does not boot, every ECU of the bundle
     * returns to its previous image (A/B): those already switched switch back, the failed one and those not reached
     * keep their active slot.
     *
     * @return the image that did not boot, or null when all did
     */
    private @Nullable PlannedImage installInOrder(List<PlannedImage> ordered) {
        List<PlannedImage> booted = new ArrayList<>();
        for (PlannedImage p : ordered) {
            Ecu ecu = p.ecu();
            synchronized (vehicle) {
                ecu.writeInactive(p.image());
            }
            vehicle.logInstallStep(ecu.serial() + " wrote " + p.image().version());
            if (context.roll(context.faults().of(p.image().version()).bootFailure())) {
                vehicle.logInstallStep(
                        ecu.serial() + " failed to boot " + p.image().version());
                synchronized (vehicle) {
                    booted.reversed().forEach(b -> b.ecu().switchSlot());
                }
                booted.reversed()
                        .forEach(b -> vehicle.logInstallStep(b.ecu().serial() + " reverted to "
                                + b.ecu().installed().version()));
                return p;
            }
            synchronized (vehicle) {
                ecu.switchSlot();
            }
            vehicle.logInstallStep(ecu.serial() + " booted " + p.image().version());
            booted.add(p);
        }
        return null;
    }

    private static List<String> serialsOf(List<PlannedImage> plan) {
        return plan.stream().map(p -> p.ecu().serial()).toList();
    }

    private String slotsOf(List<PlannedImage> plan) {
        synchronized (vehicle) {
            return plan.stream()
                    .map(p -> p.ecu().serial() + " " + p.ecu().installed().version() + " (slot "
                            + p.ecu().activeSlot() + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    private void runRollback(VehicleCommand.Rollback command) throws InterruptedException {
        progress(InstallPhase.RECEIVED, null);
        List<Ecu> toSwitch = new ArrayList<>();
        synchronized (vehicle) {
            for (EcuTarget target : command.targets()) {
                Ecu ecu = vehicle.ecus().stream()
                        .filter(e -> e.serial().equals(target.ecuSerial()))
                        .findFirst()
                        .orElse(null);
                if (ecu == null) {
                    continue;
                }
                InstalledImage previous = ecu.inactive();
                if (ecu.installed().version().equals(target.version())) {
                    continue;
                }
                if (previous == null || !previous.version().equals(target.version())) {
                    outcome = "WAITING_FOR_METADATA";
                    return; // the old version is not in the other slot: it comes as a signed update instead
                }
                toSwitch.add(ecu);
            }
        }
        progress(InstallPhase.REBOOTING, "rollback: " + command.reason());
        sleepThrough(context.timing().reboot());
        synchronized (vehicle) {
            toSwitch.forEach(Ecu::switchSlot);
        }
        end(InstallPhase.SUCCEEDED, "rolled back to the previous slot");
        publishManifest();
        beacons(toSwitch.stream().map(e -> new PlannedImage(e, e.installed())).toList(), true);
    }

    /**
     * Director metadata came before its assignment: wait for the assignment (it carries the version names, and the
     * install conditions for a director that does not sign them), so that a vehicle never installs without the
     * conditions it was given. After the wait it goes on with what the signed metadata says.
     */
    private VehicleCommand.@Nullable Assign awaitAssignment() throws InterruptedException {
        Instant deadline = context.clock().instant().plus(context.timing().assignmentWait());
        while (true) {
            Optional<VehicleCommand.Assign> arrived = vehicle.assignment(assignmentId);
            if (arrived.isPresent()) {
                return arrived.get();
            }
            if (!context.clock().instant().isBefore(deadline)) {
                log.info(
                        "{}: no assignment {} within {}, going on with the signed metadata alone",
                        vehicle.vin(),
                        assignmentId,
                        context.timing().assignmentWait());
                return null;
            }
            checkCancelled();
            Thread.sleep(100);
        }
    }

    /**
     * The conditions the director signed into the verified targets (the same for every image of one issue; should
     * they differ, the strictest of each applies). They win over the unsigned command's, which a compromised gateway
     * could have changed; a difference is logged.
     */
    private @Nullable InstallConditions signedConditions(List<PlannedImage> plan, VehicleCommand.Update command) {
        InstallConditions strictest = null;
        for (PlannedImage image : plan) {
            InstallConditions signed = image.signedConditions();
            if (signed == null) {
                continue;
            }
            strictest = strictest == null ? signed : stricter(strictest, signed);
        }
        if (strictest != null && command.conditions() != null && !strictest.equals(command.conditions())) {
            log.warn(
                    "{}: the update command's install conditions {} differ from the signed ones {}; the signed apply",
                    vehicle.vin(),
                    command.conditions(),
                    strictest);
        }
        return strictest;
    }

    private static InstallConditions stricter(InstallConditions a, InstallConditions b) {
        Instant notAfter = a.notAfter() == null
                ? b.notAfter()
                : b.notAfter() == null || a.notAfter().isBefore(b.notAfter()) ? a.notAfter() : b.notAfter();
        Duration consentTimeout = a.consentTimeout() == null
                ? b.consentTimeout()
                : b.consentTimeout() == null || a.consentTimeout().compareTo(b.consentTimeout()) <= 0
                        ? a.consentTimeout()
                        : b.consentTimeout();
        // the director signs one fence and one order into every target of an issue: the first found stands
        return new InstallConditions(
                a.requireParked() || b.requireParked(),
                Math.max(a.minBatteryPercent(), b.minBatteryPercent()),
                a.consentRequired() || b.consentRequired(),
                notAfter,
                consentTimeout,
                a.geofence() != null ? a.geofence() : b.geofence(),
                a.installOrder().isEmpty() ? b.installOrder() : a.installOrder());
    }

    private InstallConditions conditions(VehicleCommand.Update command) {
        if (command.conditions() != null) {
            return command.conditions();
        }
        if (assigned != null && assigned.conditions() != null) {
            return assigned.conditions();
        }
        return InstallConditions.NONE;
    }

    private boolean expired(InstallConditions conditions) {
        Instant notAfter = conditions.notAfter();
        return notAfter != null && !context.clock().instant().isBefore(notAfter);
    }

    /**
     * Asks the driver. Nobody answering within the campaign's consent timeout (signed in the install conditions; the
     * simulator's own default only for metadata without one) ends the install as {@link
     * InstallConditions#CONSENT_TIMED_OUT}: a choice, not a failure.
     */
    private boolean askConsent(InstallConditions conditions) throws InterruptedException {
        vehicle.status("AWAITING_CONSENT");
        progress(InstallPhase.AWAITING_CONSENT, null);
        ConsentProfile drivers = vehicle.consent();
        double roll = context.dice().nextDouble();
        if (roll < drivers.accept()) {
            sleep(context.timing().consentDelay());
            consent(ConsentDecision.ACCEPTED);
            return true;
        }
        if (roll < drivers.accept() + drivers.decline()) {
            sleep(context.timing().consentDelay());
            consent(ConsentDecision.DECLINED);
            end(InstallPhase.REJECTED, "driver declined");
            return false;
        }
        Duration timeout = Objects.requireNonNullElse(
                conditions.consentTimeout(), context.timing().consentTimeout());
        sleep(timeout);
        consent(ConsentDecision.TIMED_OUT);
        end(
                InstallPhase.REJECTED,
                InstallConditions.CONSENT_TIMED_OUT + ": the driver did not answer within " + timeout);
        return false;
    }

    /**
     * Waits until parked, charged enough (UNECE R156 7.2.2) and where the campaign's geofence lets it install, checking
     * its own position each time, or gives up when the install window closes ({@link
     * InstallConditions#CONDITIONS_NOT_MET}: the update never ran, so not a failure of the release).
     */
    private boolean awaitConditions(InstallConditions conditions) throws InterruptedException {
        while (true) {
            String unmet = unmet(conditions);
            if (unmet == null) {
                vehicle.waitingFor(null);
                return true;
            }
            if (expired(conditions)) {
                end(
                        InstallPhase.REJECTED,
                        InstallConditions.CONDITIONS_NOT_MET + " before " + conditions.notAfter() + ": " + unmet);
                return false;
            }
            vehicle.status("WAITING_FOR_CONDITIONS");
            vehicle.waitingFor(unmet);
            sleep(context.timing().conditionsRecheck());
        }
    }

    private @Nullable String unmet(InstallConditions conditions) {
        if (conditions.requireParked() && vehicle.driving()) {
            return "vehicle is driving";
        }
        if (vehicle.batteryPercent() < conditions.minBatteryPercent()) {
            return "battery at " + vehicle.batteryPercent() + "%, needs " + conditions.minBatteryPercent() + "%";
        }
        InstallGeofence geofence = conditions.geofence();
        if (geofence != null) {
            double latitude = vehicle.latitude();
            double longitude = vehicle.longitude();
            Optional<String> refusal = geofence.refusal(new InstallGeofence.Position(latitude, longitude));
            if (refusal.isPresent()) {
                return "geofence: " + refusal.get() + " (at " + latitude + ", " + longitude + ")";
            }
        }
        return null;
    }

    private FaultProfile faultsOf(List<PlannedImage> plan) {
        // the worst fault profile among the bundle's image versions governs the bundle-wide faults
        FaultProfile worst = FaultProfile.NONE;
        for (PlannedImage p : plan) {
            FaultProfile f = context.faults().of(p.image().version());
            worst = new FaultProfile(
                    Math.max(worst.bootFailure(), f.bootFailure()),
                    Math.max(worst.appCrash(), f.appCrash()),
                    Math.max(worst.dtcStorm(), f.dtcStorm()),
                    Math.max(worst.corruptDownload(), f.corruptDownload()),
                    Math.max(worst.slowDownload(), f.slowDownload()),
                    Math.max(worst.offlineMidUpdate(), f.offlineMidUpdate()),
                    Math.max(worst.neverReports(), f.neverReports()),
                    0.0,
                    null,
                    Math.max(worst.corruptDelta(), f.corruptDelta()),
                    Math.max(worst.wrongBase(), f.wrongBase()));
        }
        return worst;
    }

    private void refuse(UpdateRefused refused) {
        if (refused.attack() != null) {
            vehicle.attackDetected(refused.attack());
        }
        end(InstallPhase.REJECTED, refused.report());
        publishManifest();
    }

    private void beacons(List<PlannedImage> plan, boolean booted) throws InterruptedException {
        SimulatorProperties.Timing timing = context.timing();
        // an application fault is decided once per install: it stays DOWN in every beacon of this install
        List<List<ApplicationCheck>> applications = plan.stream()
                .map(p ->
                        booted ? applicationsOf(context.faults().of(p.image().version())) : List.<ApplicationCheck>of())
                .toList();
        for (int i = 0; i < timing.beacons(); i++) {
            if (i > 0) {
                sleepThrough(timing.beaconInterval());
            }
            for (int e = 0; e < plan.size(); e++) {
                PlannedImage p = plan.get(e);
                FaultProfile faults = context.faults().of(p.image().version());
                boolean appStarted = booted && !context.roll(faults.appCrash());
                int dtcDelta =
                        context.roll(faults.dtcStorm()) ? 20 + context.dice().nextInt(40) : 0;
                Instant now = context.clock().instant();
                report(
                        Channel.HEALTH,
                        new HealthBeacon(
                                UUID.randomUUID(),
                                now,
                                vehicle.vin(),
                                assignmentId,
                                p.ecu().serial(),
                                p.ecu().hardwareId(),
                                booted,
                                appStarted,
                                dtcDelta,
                                now,
                                applications.get(e)));
            }
        }
    }

    /** The application the version's profile names, UP or (for the profile's share of installs) DOWN; else none. */
    private List<ApplicationCheck> applicationsOf(FaultProfile faults) {
        String application = faults.application();
        if (application == null) {
            return List.of();
        }
        return context.roll(faults.applicationDown())
                ? List.of(new ApplicationCheck(
                        application,
                        ApplicationStatus.DOWN,
                        "simulated fault: " + application + " did not come up after the update"))
                : List.of(new ApplicationCheck(application, ApplicationStatus.UP, null));
    }

    private void publishManifest() {
        String manifest = context.uptane().manifest(vehicle, vehicle.takeAttacksToReport());
        report(
                Channel.MANIFEST,
                new ManifestReported(UUID.randomUUID(), context.clock().instant(), vehicle.vin(), manifest));
    }

    private void consent(ConsentDecision decision) {
        report(
                Channel.CONSENT,
                new ConsentAnswered(
                        UUID.randomUUID(), context.clock().instant(), vehicle.vin(), assignmentId, decision));
    }

    private void progress(InstallPhase phase, @Nullable String reason) {
        progress(phase, null, reason);
    }

    private void progress(InstallPhase phase, @Nullable String ecuSerial, @Nullable String reason) {
        report(
                Channel.STATUS,
                new UpdateProgress(
                        UUID.randomUUID(),
                        context.clock().instant(),
                        vehicle.vin(),
                        assignmentId,
                        ecuSerial,
                        phase,
                        reason));
    }

    private void end(InstallPhase phase, @Nullable String reason) {
        end(phase, null, reason);
    }

    /** The install's end; {@code ecuSerial} names the ECU that caused it, if one did. */
    private void end(InstallPhase phase, @Nullable String ecuSerial, @Nullable String reason) {
        outcome = reason == null ? phase.name() : phase + ": " + reason;
        progress(phase, ecuSerial, reason);
    }

    private void report(Channel channel, dev.ota.contracts.events.OtaEvent event) {
        if (!silent) {
            vehicle.report(channel, event);
        }
    }

    private void checkCancelled() throws InterruptedException {
        if (cancelReason != null || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("cancelled");
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    /** Sleeps past the point of no return: a cancel can no longer stop the install. */
    private static void sleepThrough(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException ignored) {
                // too late to stop: the install goes on
            }
        }
    }
}
