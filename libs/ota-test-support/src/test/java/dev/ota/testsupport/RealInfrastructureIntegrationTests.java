package dev.ota.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RealInfrastructureIntegrationTests {

    private final Infrastructure infrastructure = RealInfrastructure.get();

    @Test
    void postgresServesADatabaseOwnedByItsServiceRole() throws Exception {
        String url = infrastructure.database("probe");
        try (Connection connection = DriverManager.getConnection(url, "probe", "probe");
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists t(id int primary key)");
            statement.execute("insert into t values (1) on conflict do nothing");
            try (ResultSet rows = statement.executeQuery("select current_user, count(*) from t group by 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("probe");
                assertThat(rows.getLong(2)).isEqualTo(1);
            }
        }
    }

    @Test
    void kafkaCarriesARecordEndToEnd() {
        KafkaTestClient.send("ota.vehicle.health", "VIN-PROBE", "{\"probe\":true}");
        var record =
                KafkaTestClient.await("ota.vehicle.health", r -> "VIN-PROBE".equals(r.key()), Duration.ofSeconds(30));
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"probe\":true}");
    }

    @Test
    void mqttBrokerDeliversAtLeastOnce() throws Exception {
        Mqtt5BlockingClient subscriber = client("probe-sub");
        Mqtt5BlockingClient publisher = client("probe-pub");
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes =
                subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            subscriber
                    .subscribeWith()
                    .topicFilter("probe/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            publisher
                    .publishWith()
                    .topic("probe/one")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hello".getBytes(StandardCharsets.UTF_8))
                    .send();
            Optional<Mqtt5Publish> received = publishes.receive(10, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
    }

    @Test
    void testTokensAreSignedJwtsCarryingRoles() {
        String token = TestTokens.bearer("rita", "RELEASE_ENGINEER");
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(TestTokens.publicKeyLocation()).startsWith("file:");
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost(infrastructure.mqttHost())
                .serverPort(infrastructure.mqttPort())
                .buildBlocking();
        client.connect();
        return client;
    }
}
