package dev.ota.pki.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most {@code burst} connects per client id at once, then one per {@code refill} (a token bucket per client id,
 * taken before anything else about the connect is looked at). A vehicle reconnects after a lost link or a new
 * certificate, a few times an hour; a client that connects many times a second is looping or attacking, and each
 * connect costs the broker a TLS handshake and a session takeover.
 */
final class ConnectRateLimit {

    private record Bucket(double tokens, long updatedNanos) {}

    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ConnectRateLimit(int burst, Duration refill, LongSupplier nanoClock) {
        if (burst < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("a connect limit needs a burst >= 1 and a positive refill");
        }
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Takes one connect from the client id's allowance; false when there is none left. */
    boolean tryConnect(String clientId) {
        long now = nanoClock.getAsLong();
        boolean[] allowed = new boolean[1];
        buckets.compute(clientId, (id, bucket) -> {
            double tokens = bucket == null ? burst : refilled(bucket, now);
            allowed[0] = tokens >= 1;
            return new Bucket(allowed[0] ? tokens - 1 : tokens, now);
        });
        return allowed[0];
    }

    /** Forgets the client ids whose allowance is full again (they are as good as new), so the map stays small. */
    void forgetIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(entry -> refilled(entry.getValue(), now) >= burst);
    }

    int tracked() {
        return buckets.size();
    }

    private double refilled(Bucket bucket, long now) {
        return Math.min(burst, bucket.tokens() + (double) (now - bucket.updatedNanos()) / refillNanos);
    }
}
