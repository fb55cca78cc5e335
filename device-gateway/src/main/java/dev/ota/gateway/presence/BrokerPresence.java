package dev.ota.gateway.presence;

import dev.ota.pki.broker.ConnectedVehiclesReport;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The latest connected-vehicles report of each broker node, summed. A node whose last report is older than
 * {@code maxAge} (it stopped, or lost its connection to this gateway) no longer counts; an empty retained message
 * clears a node's count.
 */
final class BrokerPresence {

    private record Report(int connectedVehicles, long receivedNanos) {}

    private final Map<String, Report> latest = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final LongSupplier nanoClock;

    BrokerPresence(Duration maxAge, LongSupplier nanoClock) {
        this.maxAge = maxAge;
        this.nanoClock = nanoClock;
    }

    void accept(String topic, byte[] payload) {
        ConnectedVehiclesReport.brokerId(topic).ifPresent(broker -> {
            if (payload.length == 0) {
                latest.remove(broker);
                return;
            }
            OptionalInt count = ConnectedVehiclesReport.connectedVehicles(payload);
            if (count.isPresent()) {
                latest.put(broker, new Report(count.getAsInt(), nanoClock.getAsLong()));
            }
        });
    }

    /** Vehicles connected to all brokers that reported recently. */
    int connectedVehicles() {
        long now = nanoClock.getAsLong();
        int total = 0;
        for (Report report : latest.values()) {
            if (now - report.receivedNanos() <= maxAge.toNanos()) {
                total += report.connectedVehicles();
            }
        }
        return total;
    }

    /** Broker nodes that reported recently. */
    int brokers() {
        long now = nanoClock.getAsLong();
        return (int) latest.values().stream()
                .filter(report -> now - report.receivedNanos() <= maxAge.toNanos())
                .count();
    }
}
