package dev.ota.uptane.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.uptane.delta.DeltaPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image repository's delegation order for deltas, as a standard TUF pre-order search walks it (TUF 1.0 section
 * 5.6.7): {@code deltas} (paths {@code deltas/*...}) before the terminating {@code release} (every path).
 */
class DeltaDelegationTests {

    private static final List<String> ALL_PATHS = List.of("*", "*/*", "*/*/*", "*/*/*/*");
    private static final String DELTA = DeltaPaths.of("ecm/ecm-2.0.bin", "ab".repeat(32));

    @Test
    void aDeltaListedByTheDeltasRoleBeforeTheTerminatingReleaseIsFoundAndImagesStillComeFromRelease() {
        var repo = new TestRepository();
        repo.delegate("deltas", DeltaPaths.DELEGATION_PATHS, true);
        repo.delegate("release", ALL_PATHS, true);
        repo.delegate("ci", ALL_PATHS, false);
        repo.delegatedTargets.get("deltas").put(DELTA, TestRepository.image("delta", "ecm-hw", 2));
        repo.delegatedTargets.get("deltas").put("ecm/ecm-2.0.bin", TestRepository.image("evil", "ecm-hw", 2));
        repo.delegatedTargets.get("release").put("ecm/ecm-2.0.bin", TestRepository.image("good", "ecm-hw", 2));
        repo.publishRoot();
        repo.publish();
        var client = repo.client(null);
        client.refresh();

        assertThat(client.findTarget(DELTA))
                .hasValueSatisfying(t -> assertThat(t.role()).isEqualTo("deltas"));
        assertThat(client.findTarget("ecm/ecm-2.0.bin"))
                .as("an image path is outside deltas/*: the deltas role cannot list images")
                .hasValueSatisfying(t -> {
                    assertThat(t.role()).isEqualTo("release");
                    assertThat(t.file()).isEqualTo(TestRepository.image("good", "ecm-hw", 2));
                });
    }

    @Test
    void aDeltaListedOnlyByARoleBehindTheTerminatingReleaseIsNeverFound() {
        var repo = new TestRepository();
        repo.delegate("release", ALL_PATHS, true);
        repo.delegate("deltas", DeltaPaths.DELEGATION_PATHS, true);
        repo.delegatedTargets.get("deltas").put(DELTA, TestRepository.image("delta", "ecm-hw", 2));
        repo.publishRoot();
        repo.publish();
        var client = repo.client(null);
        client.refresh();

        assertThat(client.findTarget(DELTA))
                .as("deltas listed after release: the search stops at release")
                .isEmpty();
    }
}
