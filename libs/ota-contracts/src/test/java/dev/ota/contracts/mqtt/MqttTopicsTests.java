package dev.ota.contracts.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.contracts.mqtt.MqttTopics.VehicleTopic;
import org.junit.jupiter.api.Test;

class MqttTopicsTests {

    private static final String VIN = "WVWZZZ1JZXW000001";

    @Test
    void buildsAndParsesVehicleTopics() {
        assertThat(MqttTopics.command(VIN)).isEqualTo("ota/v1/WVWZZZ1JZXW000001/cmd");
        assertThat(MqttTopics.parse("ota/v1/WVWZZZ1JZXW000001/health")).contains(new VehicleTopic(VIN, Channel.HEALTH));
    }

    @Test
    void gatewaysSubscribeThroughSharedSubscriptions() {
        assertThat(MqttTopics.sharedSubscription(Channel.MANIFEST)).isEqualTo("$share/gateway/ota/v1/+/manifest");
    }

    @Test
    void rejectsTopicsOutsideTheScheme() {
        assertThat(MqttTopics.parse("ota/v1/WVWZZZ1JZXW000001/unknown")).isEmpty();
        assertThat(MqttTopics.parse("ota/v1/NOT-A-VIN/health")).isEmpty();
        assertThat(MqttTopics.parse("ota/v1/WVWZZZ1JZXW000001/health/extra")).isEmpty();
        assertThat(MqttTopics.parse("other/WVWZZZ1JZXW000001/health")).isEmpty();
        assertThatThrownBy(() -> MqttTopics.command("WVWZZZ1JZXW00000I")).isInstanceOf(IllegalArgumentException.class);
    }
}
