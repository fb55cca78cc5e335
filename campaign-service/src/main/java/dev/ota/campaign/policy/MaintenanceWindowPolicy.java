package dev.ota.campaign.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * Updates are offered only inside a recurring window in the vehicle's own time zone: a cron expression for when the
 * window opens (5 fields as in crontab, or 6 with seconds) and how long it stays open.
 */
public record MaintenanceWindowPolicy(String cron, Duration duration) {

    public MaintenanceWindowPolicy {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("maintenanceWindow.duration must be within (0, 24h]");
        }
        expression(cron);
    }

    private static CronExpression expression(String cron) {
        String trimmed = cron.trim();
        String sixFields = trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed;
        try {
            return CronExpression.parse(sixFields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maintenanceWindow.cron is not a valid cron expression: " + cron, e);
        }
    }

    /** Whether a window is open now in the given zone: some opening lies in (now - duration, now]. */
    public boolean isOpen(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime opening = expression(cron).next(local.minus(duration));
        return opening != null && !opening.isAfter(local);
    }

    /** When the next window opens (now, if one is open). */
    public Instant nextOpening(Instant now, ZoneId zone) {
        if (isOpen(now, zone)) {
            return now;
        }
        ZonedDateTime next = expression(cron).next(now.atZone(zone));
        return next == null ? now.plus(Duration.ofDays(1)) : next.toInstant();
    }
}
