package dev.ota.launcher.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** What the demo measured, printed at the end. */
public record DemoSummary(
        int vehicles,
        double fleetReadySeconds,
        String goodCampaign,
        String goodState,
        double goodSeconds,
        Map<String, Long> goodVehicles,
        String faultyCampaign,
        String faultyState,
        double faultySecondsToStop,
        String failCohort,
        long failSamples,
        long failFailures,
        double failToPauseSeconds,
        Map<String, Long> faultyVehicles,
        int rollbackDecisions,
        String rollbackPolicy,
        int rolledBackAssigned,
        int rolledBackSucceeded,
        int rollbackRefused,
        long faultyOutsideFirstStage,
        boolean auditIntact,
        long auditEntries,
        Map<String, Long> brakeVersions,
        long vehiclesIssued,
        long vehiclesOfferedDelta,
        long downloadBytes,
        long fullImageBytes,
        double totalSeconds) {

    public void print(PrintStream out) {
        out.println();
        out.println("== Summary");
        out.printf(
                Locale.ROOT,
                "   fleet                 %d vehicles ready (online, registered, manifests) in %.1f s%n",
                vehicles,
                fleetReadySeconds);
        out.printf(
                Locale.ROOT,
                "   good release          campaign %s: %s in %.1f s; vehicles %s%n",
                goodCampaign,
                goodState,
                goodSeconds,
                goodVehicles);
        out.printf(
                Locale.ROOT,
                "   faulty release        campaign %s: stopped %.1f s after start, now %s; vehicles %s%n",
                faultyCampaign,
                faultySecondsToStop,
                faultyState,
                faultyVehicles);
        out.printf(
                Locale.ROOT,
                "   FAIL verdict          cohort %s, %d of %d failed; FAIL -> PAUSED in %.2f s%n",
                failCohort,
                failFailures,
                failSamples,
                failToPauseSeconds);
        out.printf(
                Locale.ROOT,
                "   beyond stage 1        %d vehicles assigned the faulty release%n",
                faultyOutsideFirstStage);
        out.printf(
                Locale.ROOT,
                "   rollback              %d decision(s), %s: %d assigned, %d succeeded, %d refused%n",
                rollbackDecisions,
                rollbackPolicy,
                rolledBackAssigned,
                rolledBackSucceeded,
                rollbackRefused);
        out.printf(Locale.ROOT, "   brake firmware now    %s%n", brakeVersions);
        out.printf(
                Locale.ROOT,
                "   downloads             %.1f MiB of %.1f MiB full images (%.0f %% saved); %d of %d vehicle"
                        + " assignments offered a delta%n",
                downloadBytes / 1048576.0,
                fullImageBytes / 1048576.0,
                fullImageBytes == 0 ? 0.0 : 100.0 * (fullImageBytes - downloadBytes) / fullImageBytes,
                vehiclesOfferedDelta,
                vehiclesIssued);
        out.printf(
                Locale.ROOT,
                "   audit log             %s, %d entries%n",
                auditIntact ? "verified intact" : "NOT INTACT",
                auditEntries);
        out.printf(Locale.ROOT, "   story wall-clock      %.1f s%n", totalSeconds);
    }

    /** Collects the figures as the story goes. */
    static final class Builder {
        private final int vehicles;
        private double fleetReadySeconds;
        private String goodCampaign = "";
        private String goodState = "";
        private double goodSeconds;
        private Map<String, Long> goodVehicles = Map.of();
        private String faultyCampaign = "";
        private String faultyState = "";
        private double faultySecondsToStop;
        private String failCohort = "";
        private long failSamples;
        private long failFailures;
        private double failToPauseSeconds;
        private Map<String, Long> faultyVehicles = Map.of();
        private int rollbackDecisions;
        private String rollbackPolicy = "";
        private int rolledBackAssigned;
        private int rolledBackSucceeded;
        private int rollbackRefused;
        private long faultyOutsideFirstStage;
        private boolean auditIntact;
        private long auditEntries;
        private Map<String, Long> brakeVersions = Map.of();
        private long vehiclesIssued;
        private long vehiclesOfferedDelta;
        private long downloadBytes;
        private long fullImageBytes;
        private double totalSeconds;

        Builder(int vehicles) {
            this.vehicles = vehicles;
        }

        void fleetReadySeconds(double seconds) {
            fleetReadySeconds = seconds;
        }

        void good(String id, String state, double seconds, Map<String, Long> counts) {
            goodCampaign = id;
            goodState = state;
            goodSeconds = seconds;
            goodVehicles = counts;
        }

        void faulty(
                String id,
                String state,
                double secondsToStop,
                JsonNode verdict,
                double failToPause,
                Map<String, Long> counts,
                JsonNode decisions,
                long outsideFirstStage) {
            faultyCampaign = id;
            faultyState = state;
            faultySecondsToStop = secondsToStop;
            failCohort = verdict.path("cohort").asString();
            failSamples = verdict.path("samples").asLong();
            failFailures = verdict.path("failures").asLong();
            failToPauseSeconds = failToPause;
            faultyVehicles = counts;
            // one decision per failed stage judgement (e.g. per cohort): the summary adds them up
            Set<String> policies = new TreeSet<>();
            for (JsonNode decision : decisions) {
                rollbackDecisions++;
                policies.add(decision.path("policy").asString());
                rolledBackAssigned += decision.path("assigned").asInt();
                rolledBackSucceeded += decision.path("succeeded").asInt();
                rollbackRefused += decision.path("refused").asInt();
            }
            rollbackPolicy = String.join(", ", policies);
            faultyOutsideFirstStage = outsideFirstStage;
        }

        void audit(boolean intact, long entries) {
            auditIntact = intact;
            auditEntries = entries;
        }

        void versions(Map<String, Long> versions) {
            brakeVersions = versions;
        }

        /** Adds one campaign's downloads ({@code /api/campaigns/{id}/downloads}). */
        void downloads(JsonNode campaign) {
            vehiclesIssued += campaign.path("vehiclesIssued").asLong();
            vehiclesOfferedDelta += campaign.path("vehiclesOfferedDelta").asLong();
            downloadBytes += campaign.path("downloadBytes").asLong();
            fullImageBytes += campaign.path("fullImageBytes").asLong();
        }

        void totalSeconds(double seconds) {
            totalSeconds = seconds;
        }

        DemoSummary build() {
            return new DemoSummary(
                    vehicles,
                    fleetReadySeconds,
                    goodCampaign,
                    goodState,
                    goodSeconds,
                    goodVehicles,
                    faultyCampaign,
                    faultyState,
                    faultySecondsToStop,
                    failCohort,
                    failSamples,
                    failFailures,
                    failToPauseSeconds,
                    faultyVehicles,
                    rollbackDecisions,
                    rollbackPolicy,
                    rolledBackAssigned,
                    rolledBackSucceeded,
                    rollbackRefused,
                    faultyOutsideFirstStage,
                    auditIntact,
                    auditEntries,
                    brakeVersions,
                    vehiclesIssued,
                    vehiclesOfferedDelta,
                    downloadBytes,
                    fullImageBytes,
                    totalSeconds);
        }
    }
}
