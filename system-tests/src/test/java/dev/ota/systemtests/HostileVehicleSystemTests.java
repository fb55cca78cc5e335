package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.PlatformClient;
import dev.ota.launcher.demo.Release;
import dev.ota.pki.FleetCa;
import dev.ota.testsupport.RawMqttClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A vehicle with a valid certificate that attacks the platform, from outside, through the public provisioning API and
 * the broker: every attempt is refused, the refusals are counted where operations can see them, and a neighbouring
 * vehicle hears nothing but its own platform's messages.
 */
class HostileVehicleSystemTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern REFUSED = Pattern.compile(
            "^ota_gateway_broker_refused\\{[^}]*reason=\"([a-z_]+)\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    private final OtaStory story = RunningPlatform.story();
    private final PlatformClient client = story.client();

    @Test
    void theFleetCaSignsNothingButACertificateForTheVinOverAnAllowedKey() throws Exception {
        String vin = CertifiedMqttClient.randomVin("HST");
        KeyPair ec = FleetCa.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        ExtensionsGenerator sans = new ExtensionsGenerator();
        sans.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "mqtt")));

        List<String> csrs = List.of(
                pem(ec, "CN=" + vin + ",OU=platform", null, "SHA256withECDSA"),
                pem(ec, "CN=" + vin + ",O=OTA Fleet", null, "SHA256withECDSA"),
                pem(ec, "CN=" + vin + ",CN=" + CertifiedMqttClient.randomVin("HST"), null, "SHA256withECDSA"),
                pem(ec, "CN=" + vin, sans, "SHA256withECDSA"),
                pem(weak, "CN=" + vin, null, "SHA256withRSA"),
                pem(ec, "CN=device-gateway", null, "SHA256withECDSA"));
        HttpResponse<String> response = Http.postJson(
                RunningPlatform.get().url("signing-service") + "/api/v1/fleet-ca/certificates",
                Http.token(CertifiedMqttClient.PROVISIONER, CertifiedMqttClient.PROVISIONER_SECRET),
                JSON.writeValueAsString(Map.of("csrs", csrs)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answers = JSON.readTree(response.body()).path("certificates");
        assertThat(answers.size()).isEqualTo(csrs.size());
        List<String> reasons = new ArrayList<>();
        answers.forEach(answer -> {
            assertThat(answer.path("certificate").isMissingNode()
                            || answer.path("certificate").isNull())
                    .as("%s", answer)
                    .isTrue();
            reasons.add(answer.path("refused").asString());
        });
        assertThat(reasons.get(0)).contains("exactly CN=<VIN>");
        assertThat(reasons.get(1)).contains("exactly CN=<VIN>");
        assertThat(reasons.get(2)).contains("exactly CN=<VIN>");
        assertThat(reasons.get(3)).contains("extensions");
        assertThat(reasons.get(4)).contains("RSA").contains("not allowed");
        assertThat(reasons.get(5)).contains("VIN");
        String metrics = client.get(Actor.FLEET_OPS, OtaStory.SIGNING, "/actuator/prometheus")
                .body();
        assertThat(metrics).containsPattern("(?m)^ota_fleet_ca_refused_total\\{[^}]*reason=\"subject_not_only_a_vin\"");
        assertThat(metrics).containsPattern("(?m)^ota_fleet_ca_refused_total\\{[^}]*reason=\"key_not_allowed\"");
    }

    @Test
    void aVehicleWithAValidCertificateCanNeitherPoseAsAnotherNorListenNorCommandAndIsCounted() throws Exception {
        TestFleet fleet = TestFleet.create("hostile-victim", 1);
        String victim = fleet.vehicles().getFirst().vin();
        String attackerVin = CertifiedMqttClient.randomVin("HST");
        CertifiedMqttClient.Credentials attacker = CertifiedMqttClient.provision(attackerVin);

        assertThatThrownBy(() -> CertifiedMqttClient.build(victim, attacker).connect())
                .as("connecting under the victim's VIN")
                .isInstanceOf(Mqtt5ConnAckException.class);
        assertThatThrownBy(() ->
                        CertifiedMqttClient.build("gateway-impostor", attacker).connect())
                .as("connecting under a platform client id")
                .isInstanceOf(Mqtt5ConnAckException.class);

        Mqtt5BlockingClient hostile = CertifiedMqttClient.build(attackerVin, attacker);
        hostile.connect();
        try (var stolen = hostile.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String filter : List.of(
                    "ota/v1/#",
                    "ota/v1/+/cmd",
                    "#",
                    "$share/gateway/ota/v1/+/manifest",
                    "$share/gateway/ota/v1/+/status",
                    MqttTopics.command(victim))) {
                assertThatThrownBy(() -> hostile.subscribeWith()
                                .topicFilter(filter)
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .send())
                        .as("subscribing to %s", filter)
                        .isInstanceOf(Mqtt5SubAckException.class);
            }
            assertThat(stolen.receive(2, TimeUnit.SECONDS)).as("heard nothing").isEmpty();
        }
        assertThatThrownBy(() -> hostile.publishWith()
                        .topic(MqttTopics.command(victim))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{}".getBytes(StandardCharsets.UTF_8))
                        .send())
                .as("a command to another vehicle")
                .isInstanceOf(RuntimeException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !hostile.getState().isConnected());

        int rateRefused = 0;
        for (int i = 0; i < 30; i++) {
            Mqtt5BlockingClient again = CertifiedMqttClient.build(attackerVin, attacker);
            try {
                again.connect();
                again.disconnect();
            } catch (Mqtt5ConnAckException refused) {
                if (refused.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED) {
                    rateRefused++;
                }
            } catch (MqttClientStateException closed) {
                // taken over by the next connect
            }
        }
        assertThat(rateRefused).as("connects beyond the allowance").isGreaterThanOrEqualTo(15);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, Double> refused = brokerRefusals();
                    assertThat(refused.getOrDefault("client_id_not_vin", 0.0)).isGreaterThanOrEqualTo(2);
                    assertThat(refused.getOrDefault("subscribe_denied", 0.0)).isGreaterThanOrEqualTo(6);
                    assertThat(refused.getOrDefault("publish_denied", 0.0)).isGreaterThanOrEqualTo(1);
                    assertThat(refused.getOrDefault("connect_rate", 0.0)).isGreaterThanOrEqualTo(15);
                });
        // and audited in the attacker's own history: each refused subscribe and the refused publish naming the topic,
        // the connects under other client ids, and its connects past the allowance (within the audit budget)
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<String> audited = refusalsAudited(attackerVin);
                    assertThat(audited)
                            .filteredOn(refusal -> refusal.startsWith("BROKER_SUBSCRIBE_DENIED ")
                                    || refusal.startsWith("BROKER_PUBLISH_DENIED "))
                            .contains(
                                    "BROKER_SUBSCRIBE_DENIED " + MqttTopics.command(victim),
                                    "BROKER_SUBSCRIBE_DENIED #",
                                    "BROKER_PUBLISH_DENIED " + MqttTopics.command(victim))
                            .hasSize(7);
                    assertThat(audited)
                            .filteredOn(refusal -> refusal.startsWith("BROKER_CLIENT_ID_NOT_VIN "))
                            .containsOnly("BROKER_CLIENT_ID_NOT_VIN (connection)")
                            .hasSize(2);
                    assertThat(audited).contains("BROKER_CONNECT_RATE (connection)");
                });
        await().atMost(Duration.ofMinutes(1)).until(() -> fleet.now().getFirst().online());
    }

    @Test
    void aRevokedVehicleThatIsConnectedIsDisconnectedWithinTwoSecondsAndCannotReconnect() throws Exception {
        String vin = CertifiedMqttClient.randomVin("HST");
        CertifiedMqttClient.Credentials credentials = CertifiedMqttClient.provision(vin);
        Mqtt5BlockingClient vehicle = CertifiedMqttClient.build(vin, credentials);
        vehicle.connect();

        long revokedAt = System.nanoTime();
        var reply = client.post(
                Actor.FLEET_OPS, OtaStory.SIGNING, "/api/v1/fleet-ca/vehicles/" + vin + "/revocation", null);
        assertThat(reply.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !vehicle.getState().isConnected());
        Figures.record("revoked connected vehicle disconnected after", (System.nanoTime() - revokedAt) / 1e6, "ms");

        assertThatThrownBy(() -> CertifiedMqttClient.build(vin, credentials).connect())
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions() // no history yet: 404
                .untilAsserted(() -> assertThat(refusalsAudited(vin))
                        .as("the disconnect and the refused reconnect, in the vehicle's audit history")
                        .containsExactlyInAnyOrder(
                                "BROKER_REVOKED_DISCONNECTED (connection)", "BROKER_REVOKED (connection)"));
    }

    /** The refusals in the vehicle's audit history, each as its reason and topic. */
    private List<String> refusalsAudited(String vin) {
        List<String> audited = new java.util.ArrayList<>();
        for (var entry : story.vehicleHistory(vin).path("entries")) {
            if ("ota.VehicleMessageRefused.v1".equals(entry.path("type").asString())) {
                audited.add(entry.path("event").path("reason").asString() + " "
                        + entry.path("event").path("mqttTopic").asString());
            }
        }
        return audited;
    }

    @Test
    void aHostileVehicleDuringAStagedCampaignChangesNoOutcomeShadowsNoPlatformEventAndTheAuditLogVerifies()
            throws Exception {
        Release release = new Release("hostile-tcu-fw", "3.0.0", "hw-tcu", 3, 8 * 1024);
        StagedCampaign campaign = StagedCampaign.start("hostile-campaign", release, 51);
        // a registered vehicle of the fleet, not targeted by the campaign, whose owner took its keys
        String attackerVin = CertifiedMqttClient.randomVin("HST");
        var registered = client.put(
                Actor.FLEET_OPS,
                OtaStory.CAMPAIGN,
                "/api/vehicles/" + attackerVin,
                Map.of(
                        "vin",
                        attackerVin,
                        "model",
                        "hostile",
                        "modelYear",
                        2026,
                        "region",
                        "EU",
                        "market",
                        "EU",
                        "ecus",
                        List.of(Map.of("serial", "ECU-1", "hardwareId", "hw-other", "primary", true))));
        assertThat(registered.status()).as(registered.body()).isIn(200, 201);
        CertifiedMqttClient.Credentials credentials = CertifiedMqttClient.provision(attackerVin);
        Mqtt5BlockingClient attacker = CertifiedMqttClient.build(attackerVin, credentials);
        attacker.connect();

        campaign.awaitFirstStageInstalling();
        List<JsonNode> stageOne = campaign.vehicles().stream()
                .filter(v -> v.path("stage").asInt() == 1)
                .toList();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !campaign.trail()
                        .ofType("ota.DirectorMetadataIssued", campaign.id())
                        .isEmpty());
        List<String> commandIds = campaign.trail().ofType("ota.DirectorMetadataIssued", campaign.id()).stream()
                .map(AuditTrail.Entry::eventId)
                .toList();
        Instant now = Instant.now();
        // another vehicle's assignment ids (as if learned): a boot failure and a failed install for each
        for (JsonNode victim : stageOne) {
            UUID assignment = UUID.fromString(victim.path("assignmentId").asString());
            send(
                    attacker,
                    attackerVin,
                    MqttTopics.Channel.HEALTH,
                    new HealthBeacon(
                            UUID.randomUUID(),
                            now,
                            attackerVin,
                            assignment,
                            "ECU-1",
                            release.hardwareId(),
                            false,
                            false,
                            5,
                            now));
            send(
                    attacker,
                    attackerVin,
                    MqttTopics.Channel.STATUS,
                    new UpdateProgress(
                            UUID.randomUUID(),
                            now,
                            attackerVin,
                            assignment,
                            "ECU-1",
                            InstallPhase.FAILED,
                            "BOOT_FAILED"));
        }
        // reports under the command ids the platform handed out, to shadow their DirectorMetadataIssued in the log
        for (String commandId : commandIds) {
            send(
                    attacker,
                    attackerVin,
                    MqttTopics.Channel.STATUS,
                    new UpdateProgress(
                            UUID.fromString(commandId),
                            now,
                            attackerVin,
                            UUID.randomUUID(),
                            "ECU-1",
                            InstallPhase.RECEIVED,
                            null));
        }
        // a 60 MB message, by a client that ignores the broker's announced limit
        try (RawMqttClient raw = RawMqttClient.connect(
                RunningPlatform.get().mqttHost(),
                RunningPlatform.get().mqttTlsPort(),
                attackerVin,
                CertifiedMqttClient.keyStore(credentials),
                CertifiedMqttClient.keyStorePassword(),
                dev.ota.pki.PlatformKeyStores.trustStore(credentials.caCertificate()))) {
            boolean sentWhole = raw.publishQos0(
                    MqttTopics.topic(attackerVin, MqttTopics.Channel.HEALTH), new byte[60 * 1024 * 1024]);
            assertThat(!sentWhole || raw.closedByBroker(Duration.ofSeconds(10)))
                    .as("the broker cut the 60 MB message off")
                    .isTrue();
        }
        // 100 connects in a row
        int refusedConnects = 0;
        for (int i = 0; i < 100; i++) {
            try {
                CertifiedMqttClient.build(attackerVin, credentials).connect();
            } catch (Mqtt5ConnAckException refused) {
                refusedConnects++;
            } catch (RuntimeException taken) {
                // a connect that took the session over from the previous one
            }
        }
        assertThat(refusedConnects).as("connects past the allowance").isGreaterThanOrEqualTo(70);

        campaign.awaitCompleted();
        Set<String> assignments = campaign.assertEveryVehicleUpdatedOnce();
        campaign.assertAssignedOnceWithDirectorMetadataOnce(assignments);
        campaign.assertHealthCountedEachAssignmentOnce();
        campaign.assertEveryUpdateHasItsBefore();
        assertThat(campaign.trail().ofType("ota.DirectorMetadataIssued").stream()
                        .map(AuditTrail.Entry::eventId))
                .as("every command's DirectorMetadataIssued is in the audit log under its own id")
                .containsAll(commandIds);
        List<AuditTrail.Entry> attackerReports = campaign.trail().ofType("ota.UpdateProgress").stream()
                .filter(e -> attackerVin.equals(e.event().path("vin").asString()))
                .toList();
        assertThat(attackerReports)
                .filteredOn(e ->
                        commandIds.contains(e.event().path("vehicleEventId").asString()))
                .as("the reports under command ids are logged under ids of their own")
                .hasSize(commandIds.size())
                .allSatisfy(e -> assertThat(commandIds).doesNotContain(e.eventId()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(refusedReports(OtaStory.HEALTH)).isGreaterThanOrEqualTo(stageOne.size());
            assertThat(refusedReports(OtaStory.CAMPAIGN)).isGreaterThanOrEqualTo(stageOne.size());
            assertThat(refusedReports(OtaStory.ROLLBACK)).isGreaterThanOrEqualTo(stageOne.size());
        });
        JsonNode audit = story.verifyAudit();
        assertThat(audit.path("intact").asBoolean()).as("%s", audit).isTrue();
        Figures.record(
                "hostile campaign, 51 vehicles, start to COMPLETED",
                StagedCampaign.secondsBetween(campaign.started(), Instant.now()),
                "s");
    }

    private static void send(Mqtt5BlockingClient client, String vin, MqttTopics.Channel channel, OtaEvent event) {
        client.publishWith()
                .topic(MqttTopics.topic(vin, channel))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(EventCodec.encode(event))
                .send();
    }

    /** {@code ota_vehicle_reports_refused_total{reason="vin_mismatch"}} of a service, summed over event types. */
    private double refusedReports(String service) {
        String metrics =
                client.get(Actor.FLEET_OPS, service, "/actuator/prometheus").body();
        Matcher matcher = Pattern.compile(
                        "(?m)^ota_vehicle_reports_refused_total\\{[^}]*reason=\"vin_mismatch\"[^}]*} ([0-9.E]+)$")
                .matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private Map<String, Double> brokerRefusals() {
        String metrics = client.get(Actor.FLEET_OPS, OtaStory.GATEWAY, "/actuator/prometheus")
                .body();
        Map<String, Double> refused = new java.util.HashMap<>();
        Matcher matcher = REFUSED.matcher(metrics);
        while (matcher.find()) {
            refused.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return refused;
    }

    private static String pem(KeyPair keys, String subject, ExtensionsGenerator extensions, String algorithm)
            throws Exception {
        JcaPKCS10CertificationRequestBuilder builder =
                new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
        if (extensions != null) {
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        PKCS10CertificationRequest request =
                builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
        return FleetCa.pem(request);
    }
}
