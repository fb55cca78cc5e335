package dev.ota.health.verdict;

import dev.ota.contracts.events.RequiredApplication;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Application health per stage: the applications a stage requires UP per hardware id, how many vehicles reported each
 * application DEGRADED or DOWN, and the sentence a verdict leads with when a required application is the reason
 * ("navigation DOWN on 3 of 10 vehicles (hardware head-unit)").
 */
@Component
class ApplicationFindings {

    /** Findings named in one verdict text at most; the rest are summed up, so a verdict stays readable. */
    private static final int MOST_NAMED = 5;

    private final JdbcClient jdbc;

    ApplicationFindings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Vehicles of a stage that reported one application of one hardware id DEGRADED / DOWN at least once. */
    record Count(String hardwareId, String name, long degraded, long down) {}

    void storeRequired(UUID campaignId, int stage, List<RequiredApplication> required) {
        for (RequiredApplication application : required) {
            jdbc.sql("""
                            insert into stage_required_application (campaign_id, stage, hardware_id, name)
                            values (:campaign, :stage, :hardware, :name) on conflict do nothing
                            """)
                    .param("campaign", campaignId)
                    .param("stage", stage)
                    .param("hardware", application.hardwareId())
                    .param("name", application.name())
                    .update();
        }
    }

    List<RequiredApplication> required(UUID campaignId, int stage) {
        return jdbc.sql("""
                        select hardware_id, name from stage_required_application
                        where campaign_id = :campaign and stage = :stage order by hardware_id, name
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new RequiredApplication(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** Adds newly seen DEGRADED / DOWN vehicles to one stage's counts (the caller holds the stage's lock). */
    void add(UUID campaignId, int stage, Collection<ApplicationSeen> seen) {
        seen.stream()
                .sorted(ApplicationSeen.ORDER)
                .forEach(s -> jdbc.sql("""
                                insert into application_tally (campaign_id, stage, hardware_id, name, degraded, down)
                                values (:campaign, :stage, :hardware, :name, :degraded, :down)
                                on conflict (campaign_id, stage, hardware_id, name) do update set
                                    degraded = application_tally.degraded + excluded.degraded,
                                    down = application_tally.down + excluded.down
                                """)
                        .param("campaign", campaignId)
                        .param("stage", stage)
                        .param("hardware", s.hardwareId())
                        .param("name", s.name())
                        .param("degraded", s.newlyDegraded() ? 1 : 0)
                        .param("down", s.newlyDown() ? 1 : 0)
                        .update());
    }

    List<Count> counts(UUID campaignId, int stage) {
        return jdbc.sql("""
                        select hardware_id, name, degraded, down from application_tally
                        where campaign_id = :campaign and stage = :stage order by hardware_id, name
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /**
     * What a verdict of this cohort says about required applications: for each one DOWN or DEGRADED on vehicles of
     * the cohort's hardware (every hardware id for "all" and "model:" cohorts), on how many of the vehicles of that
     * hardware id that ran the update. Empty when no required application is the reason.
     *
     * @param ranByHardware vehicles per hardware id that rebooted into the update or failed
     */
    static String sentence(
            String cohort, List<Count> counts, Map<String, Set<String>> required, Map<String, Long> ranByHardware) {
        List<String> findings = new ArrayList<>();
        for (String status : List.of("DOWN", "DEGRADED")) {
            for (Count count : counts) {
                boolean inCohort = !cohort.startsWith("hw:") || cohort.equals("hw:" + count.hardwareId());
                long vehicles = status.equals("DOWN") ? count.down() : count.degraded();
                if (inCohort
                        && vehicles > 0
                        && required.getOrDefault(count.hardwareId(), Set.of()).contains(count.name())) {
                    findings.add(String.format(
                            Locale.ROOT,
                            "%s %s on %d of %d vehicles (hardware %s)",
                            count.name(),
                            status,
                            vehicles,
                            Math.max(vehicles, ranByHardware.getOrDefault(count.hardwareId(), 0L)),
                            count.hardwareId()));
                }
            }
        }
        if (findings.size() > MOST_NAMED) {
            int more = findings.size() - MOST_NAMED;
            findings = new ArrayList<>(findings.subList(0, MOST_NAMED));
            findings.add("and " + more + " more application findings");
        }
        return String.join("; ", findings);
    }
}
