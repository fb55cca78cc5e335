package dev.ota.campaign.registry.web;

import dev.ota.campaign.registry.UnknownVehicleException;
import dev.ota.campaign.registry.Vehicle;
import dev.ota.campaign.registry.VehicleRegistration;
import dev.ota.campaign.registry.VehicleRegistry;
import jakarta.validation.Valid;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Vehicle registry API: register vehicles and read what they run. */
@RestController
@RequestMapping("/api/vehicles")
class VehicleController {

    private final VehicleRegistry registry;

    VehicleController(VehicleRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a vehicle or updates its attributes and ECUs (idempotent by VIN). ECU public keys may be registered or
     * replaced only by a vehicle provisioner (the factory line); other roles may send them unchanged or leave them out.
     */
    @PutMapping("/{vin}")
    @ResponseStatus(HttpStatus.OK)
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'ADMIN', 'VEHICLE_PROVISIONER')")
    Vehicle register(
            @PathVariable String vin, @Valid @RequestBody VehicleRegistration registration, Authentication caller) {
        if (!vin.equals(registration.vin())) {
            throw new IllegalArgumentException("the VIN in the path and in the body differ");
        }
        boolean provisioner =
                caller.getAuthorities().stream().anyMatch(a -> "ROLE_VEHICLE_PROVISIONER".equals(a.getAuthority()));
        return registry.register(registration, caller.getName(), provisioner);
    }

    @GetMapping("/{vin}")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    Vehicle get(@PathVariable String vin) {
        return registry.find(vin).orElseThrow(() -> new UnknownVehicleException(vin));
    }

    /** Vehicles in VIN order; pass the last VIN of a page as {@code after} for the next. */
    @GetMapping
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<Vehicle> page(
            @RequestParam(required = false) @Nullable String after, @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("size must be within 1..1000");
        }
        return registry.page(after, size);
    }
}
