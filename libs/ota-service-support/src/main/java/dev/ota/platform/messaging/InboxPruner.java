package dev.ota.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes {@code inbox_event} rows older than {@link InboxRetention#retention()}, every {@code prune-interval}, in
 * chunks so no statement holds many row locks. Several replicas pruning at once delete disjoint or already deleted
 * rows: harmless. Counted in {@code ota.inbox.pruned}.
 */
public class InboxPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxPruner.class);
    private static final int CHUNK = 10_000;

    private final Inbox inbox;
    private final InboxRetention retention;
    private final Clock clock;
    private final Counter pruned;
    private @Nullable ScheduledExecutorService scheduler;

    public InboxPruner(Inbox inbox, InboxRetention retention, Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.retention = retention;
        this.clock = clock;
        this.pruned = Counter.builder("ota.inbox.pruned")
                .description("inbox rows deleted after the retention horizon")
                .register(meters);
    }

    /**
     * Deletes every inbox row applied before now minus the retention.
     *
     * @return how many rows were deleted
     */
    public int pruneNow() {
        Instant horizon = clock.instant().minus(retention.retention());
        if (!inbox.hasRowsProcessedBefore(horizon)) {
            return 0;
        }
        int total = 0;
        int deleted;
        do {
            deleted = inbox.pruneProcessedBefore(horizon, CHUNK);
            total += deleted;
        } while (deleted == CHUNK);
        pruned.increment(total);
        if (total > 0) {
            log.info("pruned {} inbox rows applied before {}", total, horizon);
        }
        return total;
    }

    private void pruneQuietly() {
        try {
            pruneNow();
        } catch (RuntimeException e) {
            log.warn("inbox pruning failed, next try in {}: {}", retention.pruneInterval(), e.getMessage());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("inbox-pruner").daemon().factory());
        long every = retention.pruneInterval().toMillis();
        executor.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
