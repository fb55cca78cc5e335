package dev.ota.simulator.fleet;

import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All simulated vehicles of this process. Vehicles are added in batches; each gets a fresh VIN, ECUs with their own
 * keys and factory images, and its own MQTT session, opened in the background with bounded concurrency so that
 * thousands of vehicles do not storm the broker at once.
 */
public final class Fleet {

    private static final String VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final int PARALLEL_CONNECTS = 64;

    private final ConcurrentMap<String, Vehicle> vehicles = new ConcurrentHashMap<>();
    private final FleetContext context;
    private final VehicleLink.Factory links;
    private final int maxVehicles;
    private final String processTag;
    private final AtomicLong serial = new AtomicLong();
    private final Semaphore connecting = new Semaphore(PARALLEL_CONNECTS);

    Fleet(FleetContext context, VehicleLink.Factory links, int maxVehicles) {
        this.context = context;
        this.links = links;
        this.maxVehicles = maxVehicles;
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            tag.append(VIN_ALPHABET.charAt(context.dice().nextInt(VIN_ALPHABET.length())));
        }
        this.processTag = tag.toString();
    }

    /**
     * Adds vehicles; their sessions connect in the background.
     *
     * @return the new vehicles
     * @throws FleetFullException when the batch would exceed the process's limit
     */
    public List<Vehicle> add(FleetRequest request) {
        List<Vehicle> created = addOffline(request);
        Thread.ofVirtual().name("fleet-connect").start(() -> created.forEach(this::connect));
        return created;
    }

    /**
     * Adds vehicles that stay off the network until {@link #setOnline} brings each online, as cars leave the factory
     * line: registered first, then connected, so that the first manifest a vehicle sends finds it in the registry.
     *
     * @return the new vehicles
     * @throws FleetFullException when the batch would exceed the process's limit
     */
    public List<Vehicle> addOffline(FleetRequest request) {
        if (vehicles.size() + request.count() > maxVehicles) {
            throw new FleetFullException("the fleet holds " + vehicles.size() + " vehicles; " + request.count()
                    + " more exceed the limit of " + maxVehicles);
        }
        List<Vehicle> created = new ArrayList<>(request.count());
        for (int i = 0; i < request.count(); i++) {
            Vehicle vehicle = build(request);
            vehicles.put(vehicle.vin(), vehicle);
            created.add(vehicle);
        }
        return created;
    }

    /**
     * Takes a vehicle off the network or brings it back; a vehicle that never connected (added offline) opens its
     * session now, in the background.
     */
    public void setOnline(Vehicle vehicle, boolean online) {
        if (online && vehicle.neverConnected()) {
            Thread.ofVirtual().name("fleet-connect").start(() -> connect(vehicle));
        } else {
            vehicle.setOnline(online);
        }
    }

    private void connect(Vehicle vehicle) {
        connecting.acquireUninterruptibly();
        try {
            vehicle.attach(links.open(vehicle.vin(), new VehicleLink.Listener() {
                @Override
                public void command(VehicleCommand command) {
                    vehicle.onCommand(command);
                }

                @Override
                public void directorAnswer(DirectorMetadataAnswered answer) {
                    vehicle.onDirectorAnswer(answer);
                }

                @Override
                public void connected() {
                    vehicle.linkConnected();
                }
            }));
            vehicle.reportManifest();
        } finally {
            connecting.release();
        }
    }

    private Vehicle build(FleetRequest request) {
        String vin = nextVin();
        List<Ecu> ecus = new ArrayList<>();
        for (int i = 0; i <= request.secondaries(); i++) {
            String hardware = FleetRequest.HARDWARE.get(i);
            boolean primary = i == 0;
            ecus.add(new Ecu(
                    hardware.substring(3).toUpperCase() + "-" + vin,
                    hardware,
                    primary,
                    primary || request.secondariesVerifyFully(),
                    Signers.generate(Scheme.ED25519),
                    factoryImage(hardware)));
        }
        var dice = context.dice();
        return new Vehicle(
                vin,
                pick(request.models()),
                pick(request.modelYears()),
                pick(request.regions()),
                ecus,
                request.consent(),
                context,
                48.1 + dice.nextDouble(),
                11.5 + dice.nextDouble(),
                request.minBattery() + dice.nextDouble() * (100 - request.minBattery()),
                dice.nextDouble() < request.drivingShare());
    }

    private <T> T pick(List<T> choices) {
        return choices.get(context.dice().nextInt(choices.size()));
    }

    private String nextVin() {
        long n = serial.incrementAndGet();
        char[] tail = new char[10];
        for (int i = tail.length - 1; i >= 0; i--) {
            tail[i] = VIN_ALPHABET.charAt((int) (n % VIN_ALPHABET.length()));
            n /= VIN_ALPHABET.length();
        }
        return "SMU" + processTag + new String(tail);
    }

    static InstalledImage factoryImage(String hardware) {
        byte[] content = ("factory image of " + hardware).getBytes(StandardCharsets.UTF_8);
        String sha256 = Hashing.sha256Hex(content);
        return new InstalledImage(
                hardware + "-fw", "1.0.0", hardware + "-fw/1.0.0.bin", 1, content.length, Map.of("sha256", sha256));
    }

    public Optional<Vehicle> vehicle(String vin) {
        return Optional.ofNullable(vehicles.get(vin));
    }

    public Collection<Vehicle> vehicles() {
        return vehicles.values();
    }

    public int size() {
        return vehicles.size();
    }

    /** Counts by status and by installed primary version, connected vehicles, and attacks seen. */
    public FleetSummary summary() {
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byVersion = new TreeMap<>();
        Map<String, Integer> attacks = new TreeMap<>();
        int online = 0;
        int driving = 0;
        for (Vehicle vehicle : vehicles.values()) {
            byStatus.merge(vehicle.status(), 1, Integer::sum);
            byVersion.merge(vehicle.primary().installed().version(), 1, Integer::sum);
            vehicle.attacksSeen().forEach(a -> attacks.merge(a, 1, Integer::sum));
            online += vehicle.online() ? 1 : 0;
            driving += vehicle.driving() ? 1 : 0;
        }
        return new FleetSummary(vehicles.size(), online, driving, byStatus, byVersion, attacks);
    }

    /** Disconnects and forgets every vehicle. */
    public void clear() {
        List<Vehicle> all = List.copyOf(vehicles.values());
        vehicles.clear();
        all.forEach(Vehicle::close);
    }

    void move(double seconds) {
        vehicles.values().forEach(v -> v.move(seconds));
    }

    /** Lets every connected vehicle whose scheduled director ask is due ask. */
    void askDirectorWhereDue() {
        long now = System.nanoTime();
        vehicles.values().forEach(v -> v.askDirectorIfDue(now));
    }

    /** The fleet holds no more vehicles. */
    public static final class FleetFullException extends RuntimeException {
        FleetFullException(String message) {
            super(message);
        }
    }
}
