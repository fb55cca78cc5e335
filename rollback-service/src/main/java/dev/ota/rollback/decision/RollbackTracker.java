package dev.ota.rollback.decision;

import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.UpdateProgress;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Issues decided rollbacks right after their decision commits (and in a periodic sweep, after a crash), and follows each
 * rollback assignment until its vehicle reports back: healthy (or installed) is a success; failed, rejected, reverted
 * or a failing beacon is a failure. Only rollback assignments still open are looked up, so the fleet's other reports
 * cost nothing here.
 */
@Component
class RollbackTracker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RollbackTracker.class);

    private final RollbackDecisions decisions;
    private final Set<UUID> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService issuer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("rollback-issuer").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    RollbackTracker(RollbackDecisions decisions) {
        this.decisions = decisions;
    }

    @TransactionalEventListener
    void decided(RollbackDecisions.Decision decision) {
        issueSoon();
    }

    void issueSoon() {
        if (queued.compareAndSet(false, true)) {
            issuer.execute(() -> {
                queued.set(false);
                issuePending();
            });
        }
    }

    @Scheduled(fixedDelayString = "${ota.rollback.sweep-interval:5s}")
    void sweep() {
        issueSoon();
    }

    @EventListener(ApplicationReadyEvent.class)
    void loadOpenRollbacks() {
        open.addAll(decisions.openRollbackAssignments());
    }

    private void issuePending() {
        for (UUID decision : decisions.pending()) {
            try {
                decisions.issue(decision).ifPresent(open::addAll);
            } catch (RuntimeException e) {
                log.warn("issuing rollback decision {} failed, the sweep retries: {}", decision, e.getMessage());
            }
        }
    }

    /** Whether the assignment is an open rollback this tracker waits on. */
    boolean tracks(UUID assignmentId) {
        return open.contains(assignmentId);
    }

    void progress(UpdateProgress progress) {
        if (!open.contains(progress.assignmentId())) {
            return;
        }
        switch (progress.phase()) {
            case SUCCEEDED -> report(progress.assignmentId(), true, "installed");
            case FAILED, REJECTED, REVERTED ->
                report(
                        progress.assignmentId(),
                        false,
                        progress.phase() + (progress.reason() == null ? "" : ": " + progress.reason()));
            default -> {}
        }
    }

    void beacon(HealthBeacon beacon) {
        if (!open.contains(beacon.assignmentId())) {
            return;
        }
        boolean healthy = beacon.bootOk() && beacon.appStarted();
        report(
                beacon.assignmentId(),
                healthy,
                healthy
                        ? "healthy again"
                        : "ECU " + beacon.ecuSerial() + " (" + beacon.hardwareId() + ") unhealthy after rollback");
    }

    private void report(UUID rollbackAssignment, boolean succeeded, String detail) {
        decisions.rollbackReported(rollbackAssignment, succeeded, detail);
        open.remove(rollbackAssignment);
    }

    @Override
    public void destroy() {
        issuer.shutdownNow();
    }
}
