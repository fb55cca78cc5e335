package dev.ota.gateway.presence;

import dev.ota.pki.broker.ConnectedVehiclesReport;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The latest connected-vehicles report of each broker node, summed. A node whose last report is older than
 * {@code maxAge} (it stopped, or lost its connection to this gateway) no longer counts; an empty retained message
 * clears a node's count.
 */
final class BrokerPresence {

    private record Report(int connectedVehicles, Map<String, Long> refused, long receivedNanos) {}

    private final Map<String, Report> latest = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final LongSupplier nanoClock;

    private final Set<String> reasons = ConcurrentHashMap.newKeySet();
    private final Consumer<String> newReason;

    BrokerPresence(Duration maxAge, LongSupplier nanoClock) {
        this(maxAge, nanoClock, reason -> {});
    }

    /** @param newReason told once of each refusal reason the first time a broker reports it */
    BrokerPresence(Duration maxAge, LongSupplier nanoClock, Consumer<String> newReason) {
        this.maxAge = maxAge;
        this.nanoClock = nanoClock;
        this.newReason = newReason;
    }

    /**
     * Clients or packets the brokers that reported recently refused for {@code reason} since each started (an
     * unauthorised subscribe, a revoked certificate, a connect too many): what a person watches for a hostile vehicle.
     */
    long refused(String reason) {
        long now = nanoClock.getAsLong();
        long total = 0;
        for (Report report : latest.values()) {
            if (now - report.receivedNanos() <= maxAge.toNanos()) {
                total += report.refused().getOrDefault(reason, 0L);
            }
        }
        return total;
    }

    void accept(String topic, byte[] payload) {
        ConnectedVehiclesReport.brokerId(topic).ifPresent(broker -> {
            if (payload.length == 0) {
                latest.remove(broker);
                return;
            }
            OptionalInt count = ConnectedVehiclesReport.connectedVehicles(payload);
            if (count.isPresent()) {
                Map<String, Long> refused = ConnectedVehiclesReport.refused(payload);
                refused.keySet().stream().filter(reasons::add).forEach(newReason);
                latest.put(broker, new Report(count.getAsInt(), refused, nanoClock.getAsLong()));
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
