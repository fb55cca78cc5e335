package dev.ota.simulator.control;

import dev.ota.simulator.fleet.FaultBook;
import dev.ota.simulator.fleet.FaultProfile;
import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetSummary;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.simulator.uptane.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Control of the simulated fleet. Fleet operations and administrators only. */
@RestController
@RequestMapping("/api/v1/fleet")
@PreAuthorize("hasAnyRole('ADMIN', 'FLEET_OPS')")
class FleetController {

    private static final int LISTED_VINS = 50;

    private final Fleet fleet;
    private final FaultBook faults;
    private final TrustAnchors anchors;

    FleetController(Fleet fleet, FaultBook faults, TrustAnchors anchors) {
        this.fleet = fleet;
        this.faults = faults;
        this.anchors = anchors;
    }

    /**
     * Adds vehicles; they connect in the background (watch {@code online} in the summary), or stay off the network
     * until each is set online when the body says {@code online: false}.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    ControlApi.Created create(@RequestBody ControlApi.CreateFleet body) {
        Position place = Position.of(body.latitude(), body.longitude());
        List<Vehicle> added = body.connectNow() ? fleet.add(body.toRequest()) : fleet.addOffline(body.toRequest());
        if (place != null) {
            added.forEach(v -> v.placeAt(place.latitude(), place.longitude()));
        }
        return new ControlApi.Created(
                added.size(),
                fleet.size(),
                added.stream().limit(LISTED_VINS).map(Vehicle::vin).toList());
    }

    @GetMapping
    FleetSummary summary() {
        return fleet.summary();
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clear() {
        fleet.clear();
    }

    @GetMapping("/vehicles")
    List<ControlApi.VehicleView> vehicles(
            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit within 1..1000");
        }
        return fleet.vehicles().stream()
                .sorted(Comparator.comparing(Vehicle::vin))
                .skip(offset)
                .limit(limit)
                .map(ControlApi.VehicleView::of)
                .toList();
    }

    @GetMapping("/vehicles/{vin}")
    ControlApi.VehicleView vehicle(@PathVariable String vin) {
        return ControlApi.VehicleView.of(find(vin));
    }

    @PatchMapping("/vehicles/{vin}")
    ControlApi.VehicleView change(@PathVariable String vin, @RequestBody ControlApi.ChangeVehicle body) {
        Vehicle vehicle = find(vin);
        if (body.batteryPercent() != null && (body.batteryPercent() < 0 || body.batteryPercent() > 100)) {
            throw new IllegalArgumentException("batteryPercent must be within 0..100");
        }
        Position place = Position.of(body.latitude(), body.longitude());
        if (Boolean.TRUE.equals(body.release())) {
            vehicle.release();
        }
        if (place != null) {
            vehicle.placeAt(place.latitude(), place.longitude());
        }
        if (body.driving() != null || body.batteryPercent() != null) {
            vehicle.pin(body.driving(), body.batteryPercent());
        }
        if (body.attack() != null) {
            vehicle.setAttack(body.attack());
        }
        if (body.online() != null) {
            fleet.setOnline(vehicle, body.online());
        }
        return ControlApi.VehicleView.of(vehicle);
    }

    @PutMapping("/attack")
    Map<String, Integer> attack(@RequestBody ControlApi.SetAttack body) {
        List<Vehicle> targets = body.vins() == null
                ? List.copyOf(fleet.vehicles())
                : body.vins().stream().map(this::find).toList();
        targets.forEach(v -> v.setAttack(body.scenario()));
        return Map.of("vehicles", targets.size());
    }

    @GetMapping("/faults")
    Map<String, FaultProfile> faults() {
        return faults.all();
    }

    /** Sets how vehicles misbehave with one image version. */
    @PutMapping("/faults/{version}")
    FaultProfile setFaults(@PathVariable String version, @RequestBody FaultProfile profile) {
        faults.set(version, profile);
        return profile;
    }

    @DeleteMapping("/faults/{version}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearFaults(@PathVariable String version) {
        faults.clear(version);
    }

    /** Provisions the roots the vehicles trust (as shipped from the factory). Administrators only. */
    @PutMapping("/trust")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void trust(@RequestBody ControlApi.Trust body) {
        anchors.provision(
                body.imageRoot().getBytes(StandardCharsets.UTF_8),
                body.directorRoot().getBytes(StandardCharsets.UTF_8));
    }

    /** A position given as two optional fields: both or neither (the vehicle checks the range). */
    private record Position(double latitude, double longitude) {

        static @Nullable Position of(@Nullable Double latitude, @Nullable Double longitude) {
            if (latitude == null && longitude == null) {
                return null;
            }
            if (latitude == null || longitude == null) {
                throw new IllegalArgumentException("latitude and longitude go together (decimal degrees)");
            }
            return new Position(latitude, longitude);
        }
    }

    private Vehicle find(String vin) {
        return fleet.vehicle(vin).orElseThrow(() -> new UnknownVehicleException(vin));
    }
}
