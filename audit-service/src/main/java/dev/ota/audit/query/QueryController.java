package dev.ota.audit.query;

import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.LogEntry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** R156 queries over the log, for auditors. */
@RestController
@RequestMapping("/api/audit")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class QueryController {

    static final int MAX_HISTORY = 100_000;
    static final Pattern VIN = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final AuditLog log;

    QueryController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/vehicles/{vin}/history")
    VehicleHistory vehicleHistory(@PathVariable String vin) {
        if (!VIN.matcher(vin).matches()) {
            throw bad("a VIN is 1 to 64 letters, digits or '-'");
        }
        List<LogEntry> entries = log.entriesWhere("vin = ?", MAX_HISTORY, vin);
        if (entries.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the log holds nothing about vehicle " + vin);
        }
        List<LogEntry> campaignFacts = log.campaignDeclarations(entries, MAX_HISTORY);
        return VehicleHistory.of(vin, entries, campaignFacts);
    }

    @GetMapping("/campaigns/{campaignId}/record")
    CampaignRecord campaignRecord(@PathVariable UUID campaignId) {
        List<LogEntry> entries = log.entriesWhere(
                "(campaign_id = ? or assignment_id in (select assignment_id from log_entry"
                        + " where campaign_id = ? and assignment_id is not null))",
                MAX_HISTORY,
                campaignId,
                campaignId);
        if (entries.isEmpty()) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "the log holds nothing about campaign " + campaignId);
        }
        return CampaignRecord.of(campaignId, entries.stream().map(Evidence::of).toList(), entries);
    }

    /** Events by time range and, optionally, type; page with {@code afterIndex}. */
    @GetMapping("/events")
    List<Evidence> events(
            @RequestParam Instant from,
            @RequestParam Instant to,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(defaultValue = "-1") long afterIndex,
            @RequestParam(defaultValue = "100") int limit) {
        if (!from.isBefore(to)) {
            throw bad("'from' must be before 'to'");
        }
        if (limit < 1 || limit > 1000) {
            throw bad("'limit' is between 1 and 1000");
        }
        if (type != null && !TYPE.matcher(type).matches()) {
            throw bad("'type' is an event type name such as ota.UpdateAssigned.v1");
        }
        String wanted = type == null ? "*" : type;
        return log
                .entriesWhere(
                        "occurred_at >= ? and occurred_at < ? and (event_type = ? or ? = '*') and idx > ?",
                        limit,
                        Timestamp.from(from),
                        Timestamp.from(to),
                        wanted,
                        wanted,
                        afterIndex)
                .stream()
                .map(Evidence::of)
                .toList();
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
