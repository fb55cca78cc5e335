package dev.ota.simulator.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulator's settings.
 *
 * @param maxVehicles the most vehicles one simulator process will hold
 * @param timing how long the steps of an install take in simulated life
 * @param uptane where the vehicles' repositories are and which roots they were shipped with
 * @param director how vehicles ask the director for their metadata
 */
@ConfigurationProperties("ota.simulator")
public record SimulatorProperties(
        @DefaultValue("20000") int maxVehicles,
        @DefaultValue Timing timing,
        @DefaultValue Uptane uptane,
        @DefaultValue Director director) {

    /**
     * Asking the director (Uptane 2.0 section 5.2: primaries download their metadata from the director), besides
     * taking what it pushes: a push lost on the way then costs at most one interval, not the update.
     *
     * @param ask ask at all; off, a vehicle only takes what is pushed (to show what asking is for)
     * @param askInterval each vehicle asks this often while connected (first at a random point within it, so a fleet
     *     does not ask at once), and whenever its session (re)connects
     */
    public record Director(
            @DefaultValue("true") boolean ask,
            @DefaultValue("PT5M") Duration askInterval) {}

    /**
     * @param consentDelay how long a driver takes to answer
     * @param consentTimeout after this an unanswered request counts as TIMED_OUT, when the signed install conditions
     *     name no timeout of their own (the campaign's, which wins)
     * @param conditionsRecheck how often a waiting vehicle looks at its install conditions again
     * @param install writing an image to the inactive slot
     * @param reboot rebooting into the new slot
     * @param slowDownload extra time a slow download takes
     * @param offlineSpell how long a vehicle that drops off mid-update stays away
     * @param beacons health beacons per updated ECU after an install
     * @param beaconInterval time between them
     * @param motionTick how often locations, batteries and driving states move on
     * @param assignmentWait how long a vehicle holds director metadata whose assignment (install conditions, version
     *     names) has not arrived yet: the two travel on different topics and may cross after a gateway restart
     */
    public record Timing(
            @DefaultValue("PT2S") Duration consentDelay,
            @DefaultValue("PT30S") Duration consentTimeout,
            @DefaultValue("PT5S") Duration conditionsRecheck,
            @DefaultValue("PT3S") Duration install,
            @DefaultValue("PT2S") Duration reboot,
            @DefaultValue("PT20S") Duration slowDownload,
            @DefaultValue("PT10S") Duration offlineSpell,
            @DefaultValue("3") int beacons,
            @DefaultValue("PT10S") Duration beaconInterval,
            @DefaultValue("PT1S") Duration motionTick,
            @DefaultValue("PT30S") Duration assignmentWait) {}

    /**
     * @param enabled verify updates with Uptane (the default). Off, a vehicle trusts the targets of its assignment
     *     as they come: only for load tests of the messaging path, never to judge security
     * @param imageRepositoryUrl base of the image repository (metadata and targets)
     * @param imageRoot the image repository root the vehicles were shipped with
     * @param directorRoot the director root the vehicles were shipped with
     * @param metadataPath where the metadata files are, relative to the image repository base (the signing service
     *     serves them under {@code metadata/}, the images under {@code targets/})
     * @param targetsPath where images are, relative to the image repository base; {@code {path}} is the target path,
     *     {@code {dir}} and {@code {name}} its directory (with trailing slash) and file name, {@code {sha256}} its SHA-256 (TUF consistent snapshots, the default)
     * @param trustDirectory where each vehicle keeps the metadata it trusts, one directory per vehicle, ECU and
     *     repository ({@code <VIN>/<ECU serial>/director|image/}), so its rollback anchors survive a restart; unset,
     *     they are kept in memory only and a restart falls back to the shipped roots
     * @param repositoryRetries how many more times a vehicle tries a repository it could not reach (connection
     *     refused, timed out) before it gives up on the update and reports {@code platform unavailable}
     * @param repositoryBackoff the first wait before trying again; each next wait doubles, up to 16 times this, and is
     *     drawn at random below that ("full jitter"), so a fleet that failed together does not come back together
     * @param deltas download an update as a delta from the installed image when the image repository lists one that
     *     fits (docs/deltas.md); off, always the full image
     * @param slotDirectory where the bytes the ECUs' slots hold are kept, once per image (by SHA-256): a delta needs
     *     the installed image; unset, a temporary directory
     */
    public record Uptane(
            @DefaultValue("true") boolean enabled,
            @Nullable URI imageRepositoryUrl,
            @Nullable Path imageRoot,
            @Nullable Path directorRoot,
            @DefaultValue("metadata/") String metadataPath,
            @DefaultValue("targets/{dir}{sha256}.{name}") String targetsPath,
            @Nullable Path trustDirectory,
            @DefaultValue("3") int repositoryRetries,
            @DefaultValue("PT1S") Duration repositoryBackoff,
            @DefaultValue("true") boolean deltas,
            @Nullable Path slotDirectory) {}
}
