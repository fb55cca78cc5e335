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
    void certificateRenewalHasItsOwnTopicsOutsideTheReportChannels() {
        assertThat(MqttTopics.certificateRequest(VIN)).isEqualTo("ota/v1/WVWZZZ1JZXW000001/csr");
        assertThat(MqttTopics.certificateAnswer(VIN)).isEqualTo("ota/v1/WVWZZZ1JZXW000001/certificate");
        assertThat(MqttTopics.sharedCertificateRequests()).isEqualTo("$share/gateway/ota/v1/+/csr");
        assertThat(MqttTopics.certificateRequester("ota/v1/WVWZZZ1JZXW000001/csr"))
                .contains(VIN);
        assertThat(MqttTopics.certificateRequester("ota/v1/WVWZZZ1JZXW000001/health"))
                .isEmpty();
        assertThat(MqttTopics.certificateRequester("ota/v1/NOT-A-VIN/csr")).isEmpty();
        assertThat(MqttTopics.parse("ota/v1/WVWZZZ1JZXW000001/csr"))
                .as("not a report channel")
                .isEmpty();
        assertThatThrownBy(() -> MqttTopics.certificateRequest("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void askingTheDirectorHasItsOwnTopicsOutsideTheReportChannels() {
        assertThat(MqttTopics.directorRequest(VIN)).isEqualTo("ota/v1/WVWZZZ1JZXW000001/director-request");
        assertThat(MqttTopics.directorAnswer(VIN)).isEqualTo("ota/v1/WVWZZZ1JZXW000001/director");
        assertThat(MqttTopics.sharedDirectorRequests()).isEqualTo("$share/gateway/ota/v1/+/director-request");
        assertThat(MqttTopics.directorRequester("ota/v1/WVWZZZ1JZXW000001/director-request"))
                .contains(VIN);
        assertThat(MqttTopics.directorRequester("ota/v1/WVWZZZ1JZXW000001/director"))
                .isEmpty();
        assertThat(MqttTopics.directorRequester("ota/v1/WVWZZZ1JZXW000001/csr")).isEmpty();
        assertThat(MqttTopics.directorRequester("ota/v1/NOT-A-VIN/director-request"))
                .isEmpty();
        assertThat(MqttTopics.parse("ota/v1/WVWZZZ1JZXW000001/director-request"))
                .as("not a report channel")
                .isEmpty();
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
