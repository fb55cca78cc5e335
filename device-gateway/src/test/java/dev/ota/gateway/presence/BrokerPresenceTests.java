package dev.ota.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.pki.broker.ConnectedVehiclesReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrokerPresenceTests {

    private final AtomicLong now = new AtomicLong();
    private final BrokerPresence presence = new BrokerPresence(Duration.ofSeconds(30), now::get);

    @Test
    void sumsTheLatestReportOfEachBroker() {
        presence.accept(ConnectedVehiclesReport.topic("node-a"), ConnectedVehiclesReport.payload(100));
        presence.accept(ConnectedVehiclesReport.topic("node-b"), ConnectedVehiclesReport.payload(250));
        presence.accept(ConnectedVehiclesReport.topic("node-a"), ConnectedVehiclesReport.payload(120));

        assertThat(presence.connectedVehicles()).isEqualTo(370);
        assertThat(presence.brokers()).isEqualTo(2);
    }

    @Test
    void dropsABrokerWhoseReportIsTooOldOrWasCleared() {
        presence.accept(ConnectedVehiclesReport.topic("node-a"), ConnectedVehiclesReport.payload(100));
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        presence.accept(ConnectedVehiclesReport.topic("node-b"), ConnectedVehiclesReport.payload(7));
        presence.accept(ConnectedVehiclesReport.topic("node-c"), ConnectedVehiclesReport.payload(9));
        now.addAndGet(Duration.ofSeconds(15).toNanos());

        presence.accept(ConnectedVehiclesReport.topic("node-c"), new byte[0]);

        assertThat(presence.connectedVehicles()).isEqualTo(7);
        assertThat(presence.brokers()).isEqualTo(1);
    }

    @Test
    void ignoresOtherTopicsAndMalformedReports() {
        presence.accept("ota/v1/broker/node-a/other", ConnectedVehiclesReport.payload(5));
        presence.accept("ota/v1/TST00000000000001/status", ConnectedVehiclesReport.payload(5));
        presence.accept(
                ConnectedVehiclesReport.topic("node-a"), "{\"connectedVehicles\":-3}".getBytes(StandardCharsets.UTF_8));
        presence.accept(ConnectedVehiclesReport.topic("node-a"), "lots".getBytes(StandardCharsets.UTF_8));

        assertThat(presence.connectedVehicles()).isZero();
        assertThat(presence.brokers()).isZero();
    }
}
