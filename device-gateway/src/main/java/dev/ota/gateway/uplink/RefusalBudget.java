package dev.ota.gateway.uplink;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many refusals of one sender the audit log records one by one: at most {@code perWindow} in each window; the
 * rest are counted, and the count rides on the sender's next audited refusal ({@code alsoRefused}). A vehicle that
 * floods the gateway with garbage therefore costs the tamper-evident log a bounded number of entries per window, and
 * none of its refusals goes unmentioned once it refuses again after the window; every refusal is counted in the
 * metrics either way.
 */
final class RefusalBudget {

    /**
     * Beyond this many senders, windows that have ended are forgotten (their unaudited counts go with them, counted in
     * the metrics all the same), at most once per window: when more senders than this refuse within one window, the
     * budget holds them all until it ends rather than scanning them on every refusal.
     */
    static final int SENDERS_KEPT = 100_000;

    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long prunedNanos;

    private static final class Window {
        long startedNanos;
        int audited;
        long unaudited;

        Window(long startedNanos) {
            this.startedNanos = startedNanos;
        }
    }

    RefusalBudget(int perWindow, Duration window, LongSupplier nanoClock) {
        if (perWindow < 1) {
            throw new IllegalArgumentException("at least one refusal per sender and window must be audited");
        }
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.prunedNanos = nanoClock.getAsLong();
    }

    /**
     * Takes one refusal of {@code sender}.
     *
     * @return to audit it, the number of its refusals not audited since its previous audited one; empty when this
     *     one is only counted
     */
    OptionalLong take(String sender) {
        long now = nanoClock.getAsLong();
        if (windows.size() > SENDERS_KEPT && now - prunedNanos >= windowNanos) {
            prunedNanos = now;
            windows.values().removeIf(w -> now - w.startedNanos >= windowNanos);
        }
        Window window = windows.computeIfAbsent(sender, s -> new Window(now));
        synchronized (window) {
            if (now - window.startedNanos >= windowNanos) {
                window.startedNanos = now;
                window.audited = 0;
            }
            if (window.audited >= perWindow) {
                window.unaudited++;
                return OptionalLong.empty();
            }
            window.audited++;
            long alsoRefused = window.unaudited;
            window.unaudited = 0;
            return OptionalLong.of(alsoRefused);
        }
    }

    /** The senders whose window is held (for tests). */
    int senders() {
        return windows.size();
    }
}
