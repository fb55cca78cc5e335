package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.signing.ceremony.Ceremony;
import dev.ota.testsupport.TestTokens;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.Targets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryLayoutIntegrationTests extends SigningServiceIntegrationTest {

    @Test
    void servesConsistentSnapshotMetadataWithoutAToken() throws Exception {
        var snapshotVersion = imageRepositoryClient();
        snapshotVersion.refresh();
        long v = snapshotVersion.trusted().snapshot().body().version();
        var snapshot = get("/repo/image/metadata/" + v + ".snapshot.json", null);
        var timestamp = get("/repo/image/metadata/timestamp.json", null);

        assertThat(timestamp.statusCode()).isEqualTo(200);
        assertThat(snapshot.statusCode()).isEqualTo(200);
        var meta =
                SignedDocument.parse(snapshot.body(), Snapshot::fromJson).body().meta();
        assertThat(meta).containsKeys("targets.json", "deltas.json", "release.json", "ci.json", "supplier-acme.json");
        long targetsVersion = meta.get("targets.json").version();
        var targets = SignedDocument.parse(
                        get("/repo/image/metadata/" + targetsVersion + ".targets.json", null)
                                .body(),
                        Targets::fromJson)
                .body();
        // deltas first (paths under deltas/ only, docs/deltas.md), then release for every other path
        assertThat(targets.delegations().roles().getFirst().name()).isEqualTo("deltas");
        var release = targets.delegations().roles().get(1);
        assertThat(release.name()).isEqualTo("release");
        assertThat(release.threshold()).isEqualTo(2);
        assertThat(release.terminating()).isTrue();
        assertThat(get("/repo/image/metadata/99999.snapshot.json", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void servesOnlyTheDirectorsRootPublicly() throws Exception {
        assertThat(get("/repo/director/metadata/1.root.json", null).statusCode())
                .isEqualTo(200);
        assertThat(get("/repo/director/metadata/timestamp.json", null).statusCode())
                .isEqualTo(404);
        assertThat(get("/repo/director/metadata/1.targets.json", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void theApiStillNeedsAToken() throws Exception {
        assertThat(get("/api/images", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/images", TestTokens.authorization("viewer", "VIEWER"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRootRotatedOfflineIsImportedAndClientsFollowTheChain() throws Exception {
        RepositoryClient client = imageRepositoryClient();
        client.refresh();
        Root current = client.trusted().root().body();
        Signer newRootKey = Signers.generate(Scheme.ED25519);
        var currentKeys = current.keys();
        var next = Ceremony.root(
                current.version() + 1,
                Instant.now().plus(365, ChronoUnit.DAYS),
                // a new holder joins; the development holders stay, so later rotations remain possible
                List.of(
                        offlineKey("image-root-1").publicKey(),
                        offlineKey("image-root-2").publicKey(),
                        newRootKey.publicKey()),
                2,
                current.role(RoleType.TARGETS).keyIds().stream()
                        .map(currentKeys::get)
                        .toList(),
                1,
                currentKeys.get(current.role(RoleType.SNAPSHOT).keyIds().getFirst()),
                currentKeys.get(current.role(RoleType.TIMESTAMP).keyIds().getFirst()));
        String admin = TestTokens.authorization("ada", "ADMIN");

        var onlyNewKey = send(
                "PUT",
                "/api/trust/image/root",
                admin,
                next.withSignatureBy(newRootKey).toJson());
        assertThat(onlyNewKey.statusCode())
                .as("not signed by the old root's threshold")
                .isEqualTo(422);

        // each holder signs on their own machine; the signatures are combined
        var byOld1 = next.withSignatureBy(offlineKey("image-root-1"));
        var byOld2 = next.withSignatureBy(offlineKey("image-root-2"));
        var byNew = next.withSignatureBy(newRootKey);
        var combined = byOld1.combine(byOld2).combine(byNew);
        var imported = send("PUT", "/api/trust/image/root", admin, combined.toJson());

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        RepositoryClient fresh = imageRepositoryClient();
        fresh.refresh();
        assertThat(fresh.trusted().root().body().version()).isEqualTo(current.version() + 1);
        assertThat(send("PUT", "/api/trust/image/root", TestTokens.authorization("rita", "RELEASE_ENGINEER"), "{}")
                        .statusCode())
                .isEqualTo(403);
    }
}
