package dev.ota.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches a campaign's vehicles as fleet operations sees them (each vehicle's status and reported phase) from a
 * background thread, and notes when what it sees changes: progress. A call that fails or hangs while the platform is
 * faulted is simply tried again.
 */
final class ProgressWatch implements AutoCloseable {

    private final StagedCampaign campaign;
    private final List<Instant> changes = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean watching = true;

    private ProgressWatch(StagedCampaign campaign) {
        this.campaign = campaign;
        this.watcher = Thread.ofVirtual().name("progress-watch").start(this::watch);
    }

    static ProgressWatch of(StagedCampaign campaign) {
        return new ProgressWatch(campaign);
    }

    /** The first moment after {@code since} at which a change was seen, waiting for one at most {@code timeout}. */
    Optional<Instant> firstChangeAfter(Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> change =
                    changes.stream().filter(seen -> seen.isAfter(since)).findFirst();
            if (change.isPresent()) {
                return change;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private void watch() {
        Map<String, String> last = null;
        while (watching) {
            try {
                Map<String, String> now = campaign.progress();
                if (last != null && !now.equals(last)) {
                    changes.add(Instant.now());
                }
                last = now;
            } catch (RuntimeException unavailable) {
                // the platform is faulted: look again
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        watching = false;
        watcher.interrupt();
    }
}
