package dev.ota.signing.director;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which vehicles were answered a moment ago, and with which documents: a vehicle is answered once per {@code
 * interval} for the same documents, however often it asks. Asks are keyed by VIN on Kafka, so one replica sees all of
 * a vehicle's asks and this memory needs no sharing; after a rebalance a vehicle may be answered once more. Bounded
 * (oldest forgotten first).
 */
final class RecentAnswers {

    private record Answered(DirectorDocuments.Versions versions, long atNanos) {}

    private final long intervalNanos;
    private final Map<String, Answered> answered;

    RecentAnswers(Duration interval, int capacity) {
        this.intervalNanos = interval.toNanos();
        this.answered = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answered> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True, and remembered, unless this vehicle was answered with these documents within the interval. */
    synchronized boolean firstWithin(String vin, DirectorDocuments.Versions versions, long nowNanos) {
        Answered last = answered.get(vin);
        if (last != null && last.versions().equals(versions) && nowNanos - last.atNanos() < intervalNanos) {
            return false;
        }
        answered.remove(vin);
        answered.put(vin, new Answered(versions, nowNanos));
        return true;
    }

    synchronized void forget(String vin) {
        answered.remove(vin);
    }
}
