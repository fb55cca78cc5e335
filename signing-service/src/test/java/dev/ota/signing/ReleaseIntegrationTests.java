package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestTokens;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TargetVerification;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import dev.ota.uptane.metadata.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReleaseIntegrationTests extends SigningServiceIntegrationTest {

    private String uploadNew(String prefix, byte[] bytes) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(upload(name, "1.0.0", bytes, "hardwareId=ecm-hw&releaseCounter=2")
                        .statusCode())
                .isEqualTo(201);
        return name;
    }

    @Test
    void anImageBecomesVisibleToVehiclesOnlyAfterTheReleaseEngineerCoSigns() throws Exception {
        byte[] bytes = "engine control firmware".repeat(1000).getBytes();
        String name = uploadNew("ecm", bytes);
        String path = name + "/" + name + "-1.0.0.bin";
        RepositoryClient before = imageRepositoryClient();
        before.refresh();
        assertThat(before.findTarget(path)).as("signed by CI alone").isEmpty();

        var cosigned = coSign(name, "1.0.0", offlineKey("release-engineer"));

        assertThat(cosigned.statusCode()).as(cosigned.body()).isEqualTo(200);
        RepositoryClient after = imageRepositoryClient();
        after.refresh();
        var target = after.findTarget(path).orElseThrow();
        assertThat(target.role()).isEqualTo("release");
        var download = http.send(
                java.net.http.HttpRequest.newBuilder(
                                uri("/repo/image/targets/" + after.downloadPath(path, target.file())))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var sink = new ByteArrayOutputStream();
        TargetVerification.copyVerified(new ByteArrayInputStream(download.body()), target.file(), sink);
        assertThat(sink.toByteArray()).isEqualTo(bytes);
        KafkaTestClient.await(
                Topics.IMAGE_EVENTS,
                r -> name.equals(r.key())
                        && KafkaTestClient.eventOf(r, ImageSigned.class)
                                .map(e -> e.signedByRole().equals("release"))
                                .orElse(false),
                Duration.ofSeconds(30));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImageNamesWhoSignedItIntoWhichRoleWithWhichKeyAndWhen() throws Exception {
        String name = uploadNew("bcm", "body control".getBytes());
        var engineerKey = offlineKey("release-engineer");
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);

        assertThat(coSign(name, "1.0.0", engineerKey).statusCode()).isEqualTo(200);

        String auth = TestTokens.authorization("olga", "FLEET_OPS");
        var image = json(get("/api/images/" + name + "/1.0.0", auth).body());
        assertThat(image).containsEntry("status", "RELEASED").containsEntry("uploadedBy", "ci-bot");
        var signatures = (java.util.List<java.util.Map<String, Object>>) image.get("signatures");
        assertThat(signatures)
                .extracting(s -> s.get("role") + " " + s.get("action") + " " + s.get("principal"))
                .containsExactly("ci STAGED ci-bot", "release RELEASED rita", "release RELEASED signing-service");
        assertThat(signatures.get(1)).containsEntry("keyId", engineerKey.keyId());
        assertThat(signatures.get(2).get("keyId"))
                .as("the service completes the threshold with its online CI key, the one that staged the image")
                .isEqualTo(signatures.get(0).get("keyId"))
                .isNotEqualTo(engineerKey.keyId());
        assertThat(java.time.Instant.parse((String) signatures.get(1).get("signedAt")))
                .isAfter(before);
        var listed = (java.util.List<java.util.Map<String, Object>>) dev.ota.uptane.json.Json.parse(
                get("/api/images?name=" + name, auth).body());
        assertThat(listed)
                .singleElement()
                .satisfies(entry -> assertThat(entry.get("signatures")).isEqualTo(signatures));
    }

    @Test
    void onlyAReleasedImageCanBeReReleasedAndOnlyUnderAHigherCounter() throws Exception {
        String auth = TestTokens.authorization("rita", "RELEASE_ENGINEER");
        String name = uploadNew("tcu", "telematics".getBytes());

        var unreleased = send("POST", "/api/images/" + name + "/1.0.0/re-release", auth, "{}");
        assertThat(unreleased.statusCode()).isEqualTo(409);
        assertThat(unreleased.body()).contains("only a released image can be re-released");

        assertThat(coSign(name, "1.0.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        var sameCounter = send("POST", "/api/images/" + name + "/1.0.0/re-release", auth, "{\"releaseCounter\": 2}");
        assertThat(sameCounter.statusCode()).isEqualTo(400);
        assertThat(sameCounter.body()).contains("above the original's 2");
        var notJson = send("POST", "/api/images/" + name + "/1.0.0/re-release", auth, "{\"releaseCounter\": \"x\"}");
        assertThat(notJson.statusCode()).isEqualTo(400);
        var byCi = send(
                "POST",
                "/api/images/" + name + "/1.0.0/re-release",
                TestTokens.authorization("ci-bot", "CI_PIPELINE"),
                "{}");
        assertThat(byCi.statusCode()).isEqualTo(403);

        var first = send("POST", "/api/images/" + name + "/1.0.0/re-release", auth, "{\"releaseCounter\": 7}");
        var again = send("POST", "/api/images/" + name + "/1.0.0/re-release", auth, "{\"releaseCounter\": 7}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode())
                .as("the same request again answers the same re-release")
                .isEqualTo(200);
        assertThat(json(again.body())).containsEntry("version", "1.0.0-rerelease.7");
        var ofAReRelease = send("POST", "/api/images/" + name + "/1.0.0-rerelease.7/re-release", auth, "{}");
        assertThat(ofAReRelease.statusCode()).as("not released yet").isEqualTo(409);

        RepositoryClient client = imageRepositoryClient();
        client.refresh();
        assertThat(client.findTarget(name + "/" + name + "-1.0.0-rerelease.7.bin"))
                .as("staged by CI, not visible to vehicles before the co-signature")
                .isEmpty();
    }

    @Test
    void aSuppliersImageIsStagedInItsOwnDelegatedRoleAndReleasedLikeAnyOther() throws Exception {
        String name = "acme-brake-" + UUID.randomUUID().toString().substring(0, 6);
        var response = upload(name, "1.0.0", "supplier firmware".getBytes(), "hardwareId=abs-hw&releaseCounter=1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response.body())).containsEntry("role", "supplier-acme");
        assertThat(get("/repo/image/metadata/supplier-acme.json", null).body()).contains(name);

        assertThat(coSign(name, "1.0.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);

        RepositoryClient client = imageRepositoryClient();
        client.refresh();
        assertThat(client.findTarget(name + "/" + name + "-1.0.0.bin"))
                .get()
                .extracting(RepositoryClient.ResolvedTarget::role)
                .isEqualTo("release");
        KafkaTestClient.await(
                Topics.IMAGE_EVENTS,
                r -> name.equals(r.key())
                        && KafkaTestClient.eventOf(r, ImageSigned.class)
                                .map(e -> e.signedByRole().equals("supplier-acme"))
                                .orElse(false),
                Duration.ofSeconds(30));
    }

    @Test
    void aCoSignatureByAKeyOutsideTheReleaseDelegationIsRefused() throws Exception {
        String name = uploadNew("abs", "brakes".getBytes());

        var response = coSign(name, "1.0.0", Signers.generate(Scheme.ED25519));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aCoSignatureOverAStaleCandidateIsAConflict() throws Exception {
        String first = uploadNew("eps", "steering".getBytes());
        String second = uploadNew("eps", "steering 2".getBytes());
        String auth = TestTokens.authorization("rita", "RELEASE_ENGINEER");
        var stale =
                get("/api/images/" + second + "/1.0.0/release-candidate", auth).body();
        assertThat(coSign(first, "1.0.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);

        var signed = SignedDocument.parse(stale, Targets::fromJson).withSignatureBy(offlineKey("release-engineer"));
        var response = send("POST", "/api/images/" + second + "/1.0.0/co-sign", auth, signed.toJson());

        assertThat(response.statusCode()).isEqualTo(409);
    }

    @Test
    void revokingAReleasedImageNeedsACoSignedRemovalThenWithdrawsItEverywhere() throws Exception {
        String name = uploadNew("bcm", "body control".getBytes());
        String path = name + "/" + name + "-1.0.0.bin";
        assertThat(coSign(name, "1.0.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        String auth = TestTokens.authorization("rita", "RELEASE_ENGINEER");

        var withoutCoSignature = send("POST", "/api/images/" + name + "/1.0.0/revoke", auth, "{\"reason\":\"CVE-1\"}");
        assertThat(withoutCoSignature.statusCode()).isEqualTo(409);

        var candidate = get("/api/images/" + name + "/1.0.0/release-candidate?action=remove", auth)
                .body();
        var removal =
                SignedDocument.parse(candidate, Targets::fromJson).withSignatureBy(offlineKey("release-engineer"));
        var revoked = send(
                "POST",
                "/api/images/" + name + "/1.0.0/revoke",
                auth,
                "{\"reason\":\"CVE-1\",\"release\":" + removal.toJson() + "}");

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        RepositoryClient client = imageRepositoryClient();
        client.refresh();
        assertThat(client.findTarget(path)).isEmpty();
        var event = KafkaTestClient.await(
                Topics.IMAGE_EVENTS,
                r -> name.equals(r.key())
                        && KafkaTestClient.eventOf(r, ImageRevoked.class).isPresent(),
                Duration.ofSeconds(30));
        assertThat(KafkaTestClient.eventOf(event, ImageRevoked.class)
                        .orElseThrow()
                        .reason())
                .isEqualTo("CVE-1");
        assertThat(get("/repo/image/targets/" + path, null).statusCode()).isEqualTo(404);
    }

    @Test
    void timestampIsReSignedAutomaticallyBeforeItExpires() throws Exception {
        long before = timestampVersion();

        await().atMost(Duration.ofSeconds(40)).until(() -> timestampVersion() > before);

        RepositoryClient client = imageRepositoryClient();
        client.refresh();
        assertThat(client.trusted().timestamp().body().expires()).isAfter(java.time.Instant.now());
    }

    private long timestampVersion() throws Exception {
        var doc = get("/repo/image/metadata/timestamp.json", null).body();
        return SignedDocument.parse(doc, Timestamp::fromJson).body().version();
    }
}
