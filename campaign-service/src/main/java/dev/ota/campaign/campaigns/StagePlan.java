package dev.ota.campaign.campaigns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One stage of a staged rollout: its size as a percentage of the targeted fleet or an absolute count (cumulative
 * sizes are what each stage brings the campaign up to), a minimum, how long vehicles soak before the stage may pass,
 * and whether a PASS advances by itself.
 */
public record StagePlan(
        @Nullable Double percent, @Nullable Integer count, int minVehicles, Duration soakTime, boolean autoAdvance) {

    public StagePlan {
        if ((percent == null) == (count == null)) {
            throw new IllegalArgumentException("each stage needs exactly one of percent and count");
        }
        if (percent != null && (percent <= 0 || percent > 100)) {
            throw new IllegalArgumentException("stage percent must be within (0, 100]");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("stage count must be at least 1");
        }
        if (minVehicles < 0) {
            throw new IllegalArgumentException("stage minVehicles must not be negative");
        }
        soakTime = soakTime == null ? Duration.ZERO : soakTime;
        if (soakTime.isNegative()) {
            throw new IllegalArgumentException("stage soakTime must not be negative");
        }
    }

    /**
     * How a plan splits {@code total} vehicles, stage by stage: each stage's planned size on top of the stages before
     * it, bounded by the fleet; the last stage takes whatever remains (so a stage may get none). The rollout splits the
     * fleet so, and the stage review judges these sizes.
     */
    public static List<Integer> split(List<StagePlan> plan, int total) {
        List<Integer> sizes = new ArrayList<>(plan.size());
        int cumulative = 0;
        for (int i = 0; i < plan.size(); i++) {
            int next = i == plan.size() - 1
                    ? total
                    : Math.min(total, cumulative + plan.get(i).size(total));
            sizes.add(next - cumulative);
            cumulative = next;
        }
        return List.copyOf(sizes);
    }

    /** This stage's own planned size (not cumulative) for a campaign targeting {@code total} vehicles. */
    public int size(int total) {
        int planned = percent != null
                ? (int) Math.ceil(total * percent / 100.0)
                : Objects.requireNonNull(count, "a stage has a percent or a count");
        return Math.min(total, Math.max(planned, minVehicles));
    }
}
