package dev.ota.campaign.campaigns;

import dev.ota.campaign.policy.RolloutPolicies;
import dev.ota.campaign.targeting.TargetSelector;
import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.RequiredApplication;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a release engineer decides for a campaign.
 *
 * @param target which vehicles
 * @param continuous whether vehicles that match later join the running stage (AWS IoT Jobs CONTINUOUS)
 * @param stages staged rollout plan; the last stage takes every remaining vehicle
 * @param healthCriteria handed to the health service with each stage; its required applications must name hardware ids
 *     the bundle updates
 * @param rollbackPolicy what the rollback service does on FAIL
 */
public record CampaignDefinition(
        String name,
        @Nullable String description,
        TargetSelector target,
        boolean continuous,
        UpdateBundle bundle,
        List<StagePlan> stages,
        @Nullable HealthCriteria healthCriteria,
        @Nullable RollbackPolicy rollbackPolicy,
        @Nullable RolloutPolicies policies) {

    public CampaignDefinition {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1..200 characters");
        }
        if (target == null) {
            throw new IllegalArgumentException("target is required: a query, a VIN list or a segment");
        }
        if (bundle == null) {
            throw new IllegalArgumentException("bundle is required");
        }
        stages = stages == null ? List.of() : List.copyOf(stages);
        if (stages.isEmpty() || stages.size() > 20) {
            throw new IllegalArgumentException("stages needs 1..20 stages");
        }
        description = description == null ? "" : description;
        healthCriteria = healthCriteria == null ? HealthCriteria.DEFAULT : healthCriteria;
        for (RequiredApplication required : healthCriteria.requiredApplications()) {
            if (!bundle.hardwareIds().contains(required.hardwareId())) {
                // only the ECUs a campaign updates send beacons for it: a required application elsewhere is never seen
                throw new IllegalArgumentException("healthCriteria.requiredApplications names application "
                        + required.name() + " on hardware id '" + required.hardwareId()
                        + "', which no image of the bundle updates");
            }
        }
        rollbackPolicy = rollbackPolicy == null ? RollbackPolicy.PAUSE_ONLY : rollbackPolicy;
        policies = policies == null ? RolloutPolicies.DEFAULT : policies;
    }

    @Override
    public HealthCriteria healthCriteria() {
        return healthCriteria == null ? HealthCriteria.DEFAULT : healthCriteria;
    }

    @Override
    public RollbackPolicy rollbackPolicy() {
        return rollbackPolicy == null ? RollbackPolicy.PAUSE_ONLY : rollbackPolicy;
    }

    @Override
    public RolloutPolicies policies() {
        return policies == null ? RolloutPolicies.DEFAULT : policies;
    }

    @Override
    public String description() {
        return description == null ? "" : description;
    }
}
