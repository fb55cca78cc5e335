package dev.ota.gateway.director;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many asks each vehicle may still make: a bucket of {@code burst} asks per VIN, refilled by one every {@code
 * interval}. A vehicle asking in a loop is refused at the edge before anything reaches Kafka or the director. Buckets
 * of vehicles that stopped asking are forgotten once full again, so memory follows the vehicles asking right now.
 */
final class AskAllowance {

    private final int burst;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    AskAllowance(int burst, Duration interval, LongSupplier nanoTime) {
        this.burst = burst;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Takes one ask from the vehicle's allowance; false when it has none left. */
    boolean tryAsk(String vin) {
        long now = nanoTime.getAsLong();
        boolean[] allowed = {false};
        buckets.compute(vin, (key, bucket) -> {
            Bucket b = bucket == null ? new Bucket(burst, now) : bucket;
            b.tokens = Math.min(burst, b.tokens + (double) (now - b.updatedAt) / intervalNanos);
            b.updatedAt = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                allowed[0] = true;
            }
            return b;
        });
        return allowed[0];
    }

    /** Drops the buckets that have refilled completely (their vehicles are as if they never asked). */
    void forgetIdle() {
        long now = nanoTime.getAsLong();
        for (String vin : buckets.keySet()) {
            buckets.computeIfPresent(
                    vin, (key, b) -> b.tokens + (double) (now - b.updatedAt) / intervalNanos >= burst ? null : b);
        }
    }

    int tracked() {
        return buckets.size();
    }
}
