package dev.ota.campaign.dashboard;

import dev.ota.campaign.registry.UnknownVehicleException;
import dev.ota.campaign.registry.Vehicle;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.campaign.rollout.Rollouts;
import dev.ota.campaign.targeting.TargetPreview;
import dev.ota.campaign.targeting.TargetSelector;
import dev.ota.campaign.targeting.Targeting;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's fleet view: vehicles found with the targeting language, and one vehicle's page. */
@RestController
@RequestMapping("/dashboard/api")
class DashboardFleetController {

    private static final int RESULT_PAGE = 50;

    private final Targeting targeting;
    private final VehicleRegistry registry;
    private final Rollouts rollouts;

    DashboardFleetController(Targeting targeting, VehicleRegistry registry, Rollouts rollouts) {
        this.targeting = targeting;
        this.registry = registry;
        this.rollouts = rollouts;
    }

    /** How many vehicles the query matches, by model and region, and the first 50 of them in VIN order. */
    @PostMapping("/fleet/search")
    @PreAuthorize(DashboardAuthoringController.PREVIEWERS)
    @Transactional(readOnly = true)
    FleetSearchResult search(@RequestBody FleetQuery request) {
        TargetSelector query = new TargetSelector.ByQuery(request.query() == null ? "" : request.query());
        TargetPreview preview = targeting.preview(query);
        List<FleetSearchResult.Row> rows = registry.load(targeting.matchingVins(query, RESULT_PAGE)).values().stream()
                .map(FleetSearchResult.Row::of)
                .toList();
        return new FleetSearchResult(preview.total(), preview.byModel(), preview.byRegion(), rows);
    }

    /** A vehicle with its ECUs and installed software, and every campaign it was part of. */
    @GetMapping("/vehicles/{vin}")
    @PreAuthorize(DashboardController.READERS)
    VehiclePage vehicle(@PathVariable String vin) {
        Vehicle vehicle = registry.find(vin).orElseThrow(() -> new UnknownVehicleException(vin));
        return new VehiclePage(vehicle, rollouts.campaignsOf(vin));
    }

    /** A fleet search: a query in the targeting language. */
    record FleetQuery(@Nullable String query) {}
}
