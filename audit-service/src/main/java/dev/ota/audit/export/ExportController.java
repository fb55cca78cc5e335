package dev.ota.audit.export;

import dev.ota.audit.bundle.Bundle;
import dev.ota.audit.bundle.CsvBundle;
import dev.ota.audit.bundle.JsonLinesBundle;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Verifiable exports ({@code format=jsonl}, the default, or {@code csv}). Check one offline with {@code
 * dev.ota.audit.bundle.VerifyBundleCommand} and the key from {@code /api/audit/checkpoints/key}.
 */
@RestController
@RequestMapping("/api/audit/exports")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class ExportController {

    static final Pattern VIN = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl");

    private final Exports exports;

    ExportController(Exports exports) {
        this.exports = exports;
    }

    @GetMapping("/vehicles/{vin}")
    ResponseEntity<byte[]> vehicle(@PathVariable String vin, @RequestParam(defaultValue = "jsonl") String format) {
        if (!VIN.matcher(vin).matches()) {
            throw bad("a VIN is 1 to 64 letters, digits or '-'");
        }
        return respond(exports.vehicle(vin), format, "vehicle-" + vin);
    }

    @GetMapping("/campaigns/{campaignId}")
    ResponseEntity<byte[]> campaign(
            @PathVariable UUID campaignId, @RequestParam(defaultValue = "jsonl") String format) {
        return respond(exports.campaign(campaignId), format, "campaign-" + campaignId);
    }

    @GetMapping("/events")
    ResponseEntity<byte[]> events(
            @RequestParam Instant from,
            @RequestParam Instant to,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(defaultValue = "jsonl") String format) {
        if (!from.isBefore(to)) {
            throw bad("'from' must be before 'to'");
        }
        if (type != null && !TYPE.matcher(type).matches()) {
            throw bad("'type' is an event type name such as ota.UpdateAssigned.v1");
        }
        return respond(exports.events(from, to, type == null ? "*" : type), format, "events");
    }

    private static ResponseEntity<byte[]> respond(Bundle bundle, String format, String name) {
        return switch (format) {
            case "jsonl" -> file(JsonLinesBundle.write(bundle), JSON_LINES, name + ".jsonl");
            case "csv" -> file(CsvBundle.write(bundle), new MediaType("text", "csv"), name + ".csv");
            default -> throw bad("'format' is jsonl or csv");
        };
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String filename) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(body);
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
