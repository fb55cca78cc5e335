package dev.ota.simulator.fleet;

import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated car: identity, where it is, its battery and driving state, its ECUs, and at most one install run at a
 * time (later updates wait their turn). Commands are taken at least once, so each is applied once by its id. It asks
 * the director for its metadata whenever its session (re)connects and every {@code ask-interval} (from a random point
 * within the first), so an update whose push was lost still arrives; what it already took is not taken again
 * ({@link TakenMetadata}).
 */
public final class Vehicle {

    private static final Logger log = LoggerFactory.getLogger(Vehicle.class);
    private static final int REMEMBERED = 64;

    private final String vin;
    private final String model;
    private final int modelYear;
    private final String region;
    private final List<Ecu> ecus;
    private final ConsentProfile consent;
    private final FleetContext context;
    private @Nullable VehicleLink link;

    private volatile double latitude;
    private volatile double longitude;
    private volatile double battery;
    private volatile boolean driving;
    private volatile boolean pinnedState;
    private volatile boolean pinnedPosition;
    private volatile @Nullable String waitingFor;
    private final Deque<String> installLog = new ArrayDeque<>();
    private volatile AttackScenario attack = AttackScenario.NONE;
    private volatile String status = "IDLE";
    private volatile @Nullable String lastOutcome;

    private final Set<UUID> seenCommands = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Map<UUID, VehicleCommand.Assign> assignments = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, VehicleCommand.Assign> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Deque<VehicleCommand> waiting = new ArrayDeque<>();
    private final List<String> attacksSeen = new ArrayList<>();
    private final List<String> attacksToReport = new ArrayList<>();
    private @Nullable InstallRun current;
    private @Nullable Map<String, String> firstDirectorMetadata;
    private final TakenMetadata taken = new TakenMetadata();
    private volatile long nextAskAt;

    Vehicle(
            String vin,
            String model,
            int modelYear,
            String region,
            List<Ecu> ecus,
            ConsentProfile consent,
            FleetContext context,
            double latitude,
            double longitude,
            double battery,
            boolean driving) {
        this.vin = vin;
        this.model = model;
        this.modelYear = modelYear;
        this.region = region;
        this.ecus = List.copyOf(ecus);
        this.consent = consent;
        this.context = context;
        this.latitude = latitude;
        this.longitude = longitude;
        this.battery = battery;
        this.driving = driving;
        this.nextAskAt = System.nanoTime()
                + (long) (context.dice().nextDouble()
                        * context.director().askInterval().toNanos());
    }

    void attach(VehicleLink link) {
        this.link = link;
    }

    public String vin() {
        return vin;
    }

    public String model() {
        return model;
    }

    public int modelYear() {
        return modelYear;
    }

    public String region() {
        return region;
    }

    public List<Ecu> ecus() {
        return ecus;
    }

    public Ecu primary() {
        return ecus.getFirst();
    }

    public double latitude() {
        return latitude;
    }

    public double longitude() {
        return longitude;
    }

    public int batteryPercent() {
        return (int) Math.round(battery);
    }

    public boolean driving() {
        return driving;
    }

    public AttackScenario attack() {
        return attack;
    }

    public String status() {
        return status;
    }

    public @Nullable String lastOutcome() {
        return lastOutcome;
    }

    /** Which install condition the vehicle waits for (e.g. outside its geofence), or null when it waits for none. */
    public @Nullable String waitingFor() {
        return waitingFor;
    }

    /**
     * What the vehicle did to its ECUs' slots, oldest first, one line per step ({@code <serial> wrote <version>},
     * {@code <serial> booted <version>}, {@code <serial> reverted to <version>}); the last {@value #REMEMBERED} lines.
     */
    public synchronized List<String> installLog() {
        return List.copyOf(installLog);
    }

    public boolean online() {
        return link != null && link.online();
    }

    /** Whether this vehicle has never opened its session (added offline and not brought online yet). */
    boolean neverConnected() {
        return link == null;
    }

    public synchronized List<String> attacksSeen() {
        return List.copyOf(attacksSeen);
    }

    /** The first director metadata this vehicle ever received: what a replaying attacker would send again. */
    /** The assignment command received for this assignment, if any. */
    synchronized Optional<VehicleCommand.Assign> assignment(UUID assignmentId) {
        return Optional.ofNullable(assignments.get(assignmentId));
    }

    public synchronized Optional<Map<String, String>> firstDirectorMetadata() {
        return Optional.ofNullable(firstDirectorMetadata);
    }

    ConsentProfile consent() {
        return consent;
    }

    FleetContext context() {
        return context;
    }

    // --- state changes from the control API and the motion ticker

    public void setAttack(AttackScenario attack) {
        this.attack = attack;
    }

    /** Fixes the driving state and battery (they stop drifting) until {@link #release()}. */
    public void pin(@Nullable Boolean driving, @Nullable Integer batteryPercent) {
        if (driving != null) {
            this.driving = driving;
        }
        if (batteryPercent != null) {
            this.battery = batteryPercent;
        }
        pinnedState = true;
    }

    /** Puts the vehicle at this position (decimal degrees); it stays there until {@link #release()}. */
    public void placeAt(double latitude, double longitude) {
        if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException(
                    "a position needs latitude within -90..90 and longitude within -180..180");
        }
        this.latitude = latitude;
        this.longitude = longitude;
        pinnedPosition = true;
    }

    public void release() {
        pinnedState = false;
        pinnedPosition = false;
    }

    public void setOnline(boolean online) {
        VehicleLink l = link;
        if (l != null) {
            if (online) {
                l.goOnline();
                reportManifest();
            } else {
                l.goOffline();
            }
        }
    }

    /** One motion step: drive (move, drain) or stand (charge), and now and then switch. */
    void move(double seconds) {
        if (pinnedState) {
            return;
        }
        if (driving) {
            if (!pinnedPosition) {
                latitude += (context.dice().nextDouble() - 0.5) * 0.0004 * seconds;
                longitude += (context.dice().nextDouble() - 0.5) * 0.0004 * seconds;
            }
            battery = Math.max(5, battery - 0.01 * seconds);
            if (context.roll(0.01 * seconds)) {
                driving = false;
            }
        } else {
            battery = Math.min(100, battery + 0.02 * seconds);
            if (context.roll(0.005 * seconds)) {
                driving = true;
            }
        }
    }

    // --- reporting

    void report(Channel channel, OtaEvent event) {
        VehicleLink l = link;
        if (l != null) {
            l.publish(channel, event);
        }
    }

    /**
     * Reports the signed manifest of what the vehicle runs, as a primary does whenever it (re)connects: the platform
     * learns the installed software without waiting for an update.
     */
    void reportManifest() {
        report(
                Channel.MANIFEST,
                new ManifestReported(
                        UUID.randomUUID(),
                        context.clock().instant(),
                        vin,
                        context.uptane().manifest(this, takeAttacksToReport())));
    }

    void linkOffline() {
        setOnline(false);
    }

    void linkOnline() {
        setOnline(true);
    }

    void status(String status) {
        this.status = status;
    }

    void waitingFor(@Nullable String unmetCondition) {
        this.waitingFor = unmetCondition;
    }

    synchronized void logInstallStep(String step) {
        installLog.addLast(step);
        if (installLog.size() > REMEMBERED) {
            installLog.removeFirst();
        }
    }

    synchronized void attackDetected(String attack) {
        attacksSeen.add(attack);
        attacksToReport.add(attack);
    }

    /** Attacks not yet reported in a manifest; reporting them clears the list. */
    synchronized List<String> takeAttacksToReport() {
        List<String> taken = List.copyOf(attacksToReport);
        attacksToReport.clear();
        return taken;
    }

    // --- commands

    /** Applies a command from the platform, once. */
    public synchronized void onCommand(VehicleCommand command) {
        if (!vin.equals(command.vin())) {
            log.warn("{} ignored a command addressed to {}", vin, command.vin());
            return;
        }
        if (!seenCommands.add(command.commandId())) {
            return;
        }
        switch (command) {
            case VehicleCommand.Assign assign -> {
                assignments.put(assign.assignmentId(), assign);
                if (current == null) {
                    status = "ASSIGNED";
                }
            }
            case VehicleCommand.Update update -> {
                if (firstDirectorMetadata == null) {
                    firstDirectorMetadata = Map.copyOf(update.metadata());
                }
                if (taken.takePush(update.assignmentId(), TakenMetadata.targetsVersion(update.metadata()))) {
                    enqueue(update);
                }
            }
            case VehicleCommand.Rollback rollback -> enqueue(rollback);
            case VehicleCommand.Cancel cancel -> cancel(cancel);
        }
    }

    // --- asking the director

    /**
     * The director's answer to an ask: installed like a pushed update when it carries an assignment this vehicle has
     * not taken yet; queued updates of older metadata that have not started give way to it (newer metadata wins).
     */
    public synchronized void onDirectorAnswer(DirectorMetadataAnswered answer) {
        if (!vin.equals(answer.vin())) {
            log.warn("{} ignored a director answer addressed to {}", vin, answer.vin());
            return;
        }
        long version = TakenMetadata.targetsVersion(answer.metadata());
        UUID assignmentId = answer.assignmentId();
        if (assignmentId == null || !taken.takeAnswer(assignmentId, version)) {
            return;
        }
        log.info("{} took director metadata {} for assignment {} from an answer", vin, version, assignmentId);
        if (firstDirectorMetadata == null) {
            firstDirectorMetadata = Map.copyOf(answer.metadata());
        }
        waiting.removeIf(queued -> queued instanceof VehicleCommand.Update older
                && TakenMetadata.targetsVersion(older.metadata()) < version);
        UUID campaignId = answer.campaignId();
        enqueue(new VehicleCommand.Update(
                answer.eventId(),
                vin,
                assignmentId,
                campaignId == null ? new UUID(0, 0) : campaignId,
                answer.metadata(),
                answer.conditions() == null ? InstallConditions.NONE : answer.conditions()));
    }

    /** The session is (again) connected: ask at once, then on schedule. */
    void linkConnected() {
        if (context.director().ask()) {
            askDirector(System.nanoTime());
        }
    }

    /** Asks when this vehicle's scheduled ask is due and it is connected. */
    void askDirectorIfDue(long nowNanos) {
        if (nowNanos - nextAskAt >= 0 && online()) {
            askDirector(nowNanos);
        }
    }

    private void askDirector(long nowNanos) {
        nextAskAt = nowNanos + context.director().askInterval().toNanos();
        VehicleLink l = link;
        if (l != null) {
            long known;
            synchronized (this) {
                known = taken.knownTargetsVersion();
            }
            l.askDirector(known);
        }
    }

    private void enqueue(VehicleCommand command) {
        waiting.addLast(command);
        startNext();
    }

    private void cancel(VehicleCommand.Cancel cancel) {
        taken.cancelled(cancel.assignmentId());
        assignments.remove(cancel.assignmentId());
        waiting.removeIf(c -> c.assignmentId().equals(cancel.assignmentId()));
        InstallRun run = current;
        if (run != null && run.assignmentId().equals(cancel.assignmentId())) {
            run.cancel(cancel.reason());
        }
    }

    private void startNext() {
        if (current != null || waiting.isEmpty()) {
            return;
        }
        VehicleCommand next = waiting.removeFirst();
        InstallRun run = switch (next) {
            case VehicleCommand.Update update ->
                InstallRun.update(this, update, assignments.get(update.assignmentId()));
            case VehicleCommand.Rollback rollback -> InstallRun.rollback(this, rollback);
            default -> throw new IllegalStateException("not an install: " + next);
        };
        current = run;
        Thread.ofVirtual().name("install-" + vin).start(() -> {
            try {
                run.run();
            } finally {
                finished(run);
            }
        });
    }

    private synchronized void finished(InstallRun run) {
        lastOutcome = run.outcome();
        status = "IDLE";
        waitingFor = null;
        current = null;
        startNext();
    }

    synchronized boolean busy() {
        return current != null || !waiting.isEmpty();
    }

    void close() {
        VehicleLink l = link;
        if (l != null) {
            l.close();
        }
    }
}
