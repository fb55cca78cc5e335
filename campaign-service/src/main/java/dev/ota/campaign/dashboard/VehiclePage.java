package dev.ota.campaign.dashboard;

import dev.ota.campaign.registry.Vehicle;
import dev.ota.campaign.rollout.VehicleCampaign;
import java.util.List;

/** Everything the dashboard's vehicle page shows from this service. */
record VehiclePage(Vehicle vehicle, List<VehicleCampaign> campaigns) {}
