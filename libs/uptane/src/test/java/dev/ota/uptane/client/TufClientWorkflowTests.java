package dev.ota.uptane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.crypto.Signer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TufClientWorkflowTests {

    private final TestRepository repo = new TestRepository();

    @BeforeEach
    void publishFirstVersion() {
        repo.publishRoot();
        repo.targets.put("engine/ecm-1.0.bin", TestRepository.image("ecm 1.0", "ecm-hw", 1));
        repo.publish();
    }

    @Test
    void refreshesAndFindsATopLevelTarget() {
        RepositoryClient client = repo.client(null);

        client.refresh();

        assertThat(client.findTarget("engine/ecm-1.0.bin"))
                .get()
                .extracting(RepositoryClient.ResolvedTarget::role)
                .isEqualTo("targets");
        assertThat(client.findTarget("engine/unknown.bin")).isEmpty();
    }

    @Test
    void followsTheRootRotationChainToTheNewestRootWithNewKeys() {
        RepositoryClient client = repo.client(null);
        List<Signer> oldKeys = List.copyOf(repo.rootKeys);
        repo.rootKeys = List.of(TestRepository.ed(), TestRepository.ed(), TestRepository.ed());
        // version 2 is signed by the old threshold (cross-signing) and the new keys
        var signers = new java.util.ArrayList<>(oldKeys.subList(0, 2));
        signers.addAll(repo.rootKeys);
        repo.publishRoot(signers);
        repo.publishRoot(repo.rootKeys);

        client.refresh();

        assertThat(client.trusted().root().body().version()).isEqualTo(3);
    }

    @Test
    void refusesARotatedRootNotSignedByTheOldRootKeys() {
        RepositoryClient client = repo.client(null);
        repo.rootKeys = List.of(TestRepository.ed(), TestRepository.ed(), TestRepository.ed());
        repo.publishRoot(repo.rootKeys);

        assertThatThrownBy(client::refresh)
                .isInstanceOfSatisfying(
                        AttackDetectedException.class,
                        e -> assertThat(e.attack()).isEqualTo(Attack.ARBITRARY_SOFTWARE))
                .hasMessageContaining("old root's keys");
    }

    @Test
    void refusesARootBelowItsThresholdOfTwoOfThree() {
        RepositoryClient client = repo.client(null);
        repo.publishRoot(repo.rootKeys.subList(0, 1));

        assertThatThrownBy(client::refresh)
                .isInstanceOf(AttackDetectedException.class)
                .hasMessageContaining("1 valid signature(s), the threshold is 2");
    }

    @Test
    void countsTwoSignaturesByTheSameKeyOnce() {
        repo.publishRoot(List.of(repo.rootKeys.get(0), repo.rootKeys.get(0)));
        RepositoryClient client = repo.client(null);

        assertThatThrownBy(client::refresh).hasMessageContaining("1 valid signature(s)");
    }

    @Test
    void refusesAnExpiredRootAfterTheChain() {
        RepositoryClient client = repo.client(null);
        repo.clock.advance(Duration.ofDays(366));

        assertThatThrownBy(client::refresh)
                .isInstanceOfSatisfying(
                        AttackDetectedException.class,
                        e -> assertThat(e.attack()).isEqualTo(Attack.FREEZE))
                .hasMessageContaining("root");
    }

    @Test
    void findsDelegatedTargetsOnlyUnderTheDelegatedPathPattern() {
        repo.delegate("ci", List.of("ci/*"), false);
        repo.delegatedTargets.get("ci").put("ci/telematics-2.0.bin", TestRepository.image("tcu", "tcu-hw", 2));
        repo.delegatedTargets.get("ci").put("engine/sneaky.bin", TestRepository.image("evil", "ecm-hw", 9));
        repo.delegatedTargets.get("ci").put("ci/nested/deep.bin", TestRepository.image("deep", "ecm-hw", 9));
        repo.publish();
        RepositoryClient client = repo.client(null);
        client.refresh();

        assertThat(client.findTarget("ci/telematics-2.0.bin"))
                .get()
                .extracting(RepositoryClient.ResolvedTarget::role)
                .isEqualTo("ci");
        assertThat(client.findTarget("engine/sneaky.bin"))
                .as("outside the delegated pattern")
                .isEmpty();
        assertThat(client.findTarget("ci/nested/deep.bin"))
                .as("* does not cross /")
                .isEmpty();
    }

    @Test
    void terminatingDelegationStopsTheSearch() {
        repo.delegate("supplier", List.of("supplier/*"), true);
        repo.delegate("fallback", List.of("supplier/*"), false);
        repo.delegatedTargets.get("fallback").put("supplier/brake.bin", TestRepository.image("brake", "abs-hw", 1));
        repo.publish();
        RepositoryClient client = repo.client(null);
        client.refresh();

        assertThat(client.findTarget("supplier/brake.bin")).isEmpty();
    }

    @Test
    void nonTerminatingDelegationFallsThroughToTheNextRole() {
        repo.delegate("supplier", List.of("supplier/*"), false);
        repo.delegate("fallback", List.of("supplier/*"), false);
        repo.delegatedTargets.get("fallback").put("supplier/brake.bin", TestRepository.image("brake", "abs-hw", 1));
        repo.publish();
        RepositoryClient client = repo.client(null);
        client.refresh();

        assertThat(client.findTarget("supplier/brake.bin"))
                .get()
                .extracting(RepositoryClient.ResolvedTarget::role)
                .isEqualTo("fallback");
    }

    @Test
    void consistentSnapshotDownloadPathsArePrefixedWithTheHash() {
        RepositoryClient client = repo.client(null);
        client.refresh();
        var target = client.findTarget("engine/ecm-1.0.bin").orElseThrow();

        assertThat(client.downloadPath(target.path(), target.file()))
                .isEqualTo("engine/" + target.file().hashes().get("sha256") + ".ecm-1.0.bin");
    }

    @Test
    void anEqualTimestampVersionKeepsTheTrustedOne() {
        RepositoryClient client = repo.client(null);
        client.refresh();

        client.refresh();

        assertThat(client.trusted().timestamp().body().version()).isEqualTo(repo.timestampVersion);
    }
}
