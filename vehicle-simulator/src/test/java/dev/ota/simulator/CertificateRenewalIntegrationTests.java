package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.FleetCa;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.testsupport.WithRealInfrastructure;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A simulated vehicle renews its certificate over MQTT and reconnects with the new one. The in-process CA issues the
 * factory certificates for a day; {@code renew-below=0.9995} makes one that is a few seconds old due at once, while the
 * 30-day certificate the test's stand-in for the gateway answers with is not (so it renews once). The stand-in does
 * what device-gateway's {@code RenewalRelay} and signing-service's {@code CertificateRenewals} do (tested there): it checks the broker's identity stamp against
 * the topic's VIN and issues from the CSR.
 */
@SpringBootTest(
        properties = {
            "ota.mqtt.security=mutual-tls",
            "ota.simulator.uptane.enabled=false",
            "ota.simulator.provisioning.renew-below=0.9995"
        })
@WithRealInfrastructure(database = "simulator")
@Import(SecuredFleetTest.InProcessFleetCa.class)
class CertificateRenewalIntegrationTests extends SecuredFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final FleetCa CA = SecuredBroker.CA;

    @Autowired
    Fleet fleet;

    @Test
    void aVehicleRenewsItsCertificateBeforeItEndsAndReconnectsWithTheNewOne() throws Exception {
        Map<String, BigInteger> renewed = new ConcurrentHashMap<>();
        Set<String> unstamped = ConcurrentHashMap.newKeySet();
        Mqtt5BlockingClient gateway = SecuredBroker.platformClient("test-renewal-gateway");
        try {
            gateway.toAsync()
                    .subscribeWith()
                    .topicFilter(MqttTopics.sharedCertificateRequests())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(request -> answer(gateway, request, renewed, unstamped))
                    .send()
                    .join();

            Vehicle vehicle = fleet.add(FleetRequest.parked(1)).getFirst();
            await().atMost(WAIT).until(() -> renewed.containsKey(vehicle.vin()));

            Thread.sleep(3_000); // the vehicle leaves its session and opens one with the renewed certificate
            List<BigInteger> serials = CA.serialsIssuedTo(vehicle.vin());
            assertThat(serials).hasSize(2).endsWith(renewed.get(vehicle.vin()));
            assertThat(unstamped).isEmpty();
            // the factory certificate no longer opens a session: only the renewed one can
            CA.revoke(serials.getFirst());
            await().atMost(WAIT).until(vehicle::online);
            vehicle.setOnline(false);
            vehicle.setOnline(true);
            await().atMost(WAIT).until(vehicle::online);
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(vehicle::online);
            assertThat(CA.serialsIssuedTo(vehicle.vin())).as("renewed once").hasSize(2);
        } finally {
            gateway.disconnect();
        }
    }

    /** The gateway's part, cut short: identity stamp == topic VIN, then a 30-day certificate from the CSR. */
    private static void answer(
            Mqtt5BlockingClient gateway, Mqtt5Publish request, Map<String, BigInteger> renewed, Set<String> unstamped) {
        String vin =
                MqttTopics.certificateRequester(request.getTopic().toString()).orElseThrow();
        boolean stamped = request.getUserProperties().asList().stream()
                .anyMatch(p -> p.getName().toString().equals(VehicleAccessExtension.IDENTITY_PROPERTY)
                        && p.getValue().toString().equals(vin));
        if (!stamped) {
            unstamped.add(vin);
            return;
        }
        X509Certificate certificate = CA.issueVehicle(
                FleetCa.parseRequest(new String(request.getPayloadAsBytes(), StandardCharsets.US_ASCII)),
                Duration.ofDays(30));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("vin", vin);
        answer.put("serial", certificate.getSerialNumber().toString(16));
        answer.put("certificate", FleetCa.pem(certificate));
        answer.put("caCertificate", FleetCa.pem(CA.certificate()));
        answer.put("refused", null);
        answer.put("audited", true);
        gateway.toAsync()
                .publishWith()
                .topic(MqttTopics.certificateAnswer(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(dev.ota.contracts.EventCodec.mapper().writeValueAsBytes(answer))
                .send()
                // not joined: this runs on the client's callback thread, which may be the one that completes the
                // publish (a deadlock that showed once the vehicles' sessions also asked the director)
                .thenRun(() -> renewed.put(vin, certificate.getSerialNumber()));
    }
}
