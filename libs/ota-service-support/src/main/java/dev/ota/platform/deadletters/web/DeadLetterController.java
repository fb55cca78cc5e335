package dev.ota.platform.deadletters.web;

import dev.ota.contracts.KafkaAccess;
import dev.ota.contracts.Topics;
import dev.ota.platform.deadletters.DeadLetter;
import dev.ota.platform.deadletters.DeadLetterListing;
import dev.ota.platform.deadletters.DeadLetterReplay;
import dev.ota.platform.deadletters.Position;
import dev.ota.platform.deadletters.ReplayableConsumers;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The service's dead letters, for people (role {@code ADMIN}): {@code GET /api/admin/dead-letters/{topic}} lists the
 * records this service dead-lettered from {@code topic} with their reasons, {@code POST .../{topic}/replay} replays
 * chosen ones through the consumers that refused them. {@code topic} is the source topic ({@code ota.vehicle.reports});
 * its dead-letter topic ({@code ota.vehicle.reports.dlq}) is accepted too.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
@PreAuthorize("hasRole('ADMIN')")
public class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);

    /** Most bytes of a record's value shown in a listing. */
    static final int PREVIEW_BYTES = 1024;

    static final int MAX_LIMIT = 1000;
    static final int MAX_REPLAY = 1000;

    private final String service;
    private final DeadLetterListing listing;
    private final DeadLetterReplay replay;
    private final ReplayableConsumers consumers;

    public DeadLetterController(
            String service, DeadLetterListing listing, DeadLetterReplay replay, ReplayableConsumers consumers) {
        this.service = service;
        this.listing = listing;
        this.replay = replay;
        this.consumers = consumers;
    }

    /** The listing of one topic's dead letters of this service. */
    record Listing(
            String service,
            String topic,
            String deadLetterTopic,
            boolean replayable,
            long matching,
            List<ListedDeadLetter> deadLetters) {}

    /**
     * One dead letter.
     *
     * @param position its place in the dead-letter topic: what a replay names
     * @param valuePreview the first {@value #PREVIEW_BYTES} bytes of the value as UTF-8, or base64 when not text
     */
    record ListedDeadLetter(
            String position,
            Instant deadLetteredAt,
            @Nullable String key,
            String reason,
            String sourcePosition,
            String consumer,
            @Nullable String eventType,
            @Nullable String eventId,
            Set<String> appliedBy,
            int valueBytes,
            String valuePreview,
            boolean previewIsBase64) {}

    @GetMapping("/{topic}")
    Listing list(
            @PathVariable String topic,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "") String reason,
            Principal caller) {
        String source = sourceTopic(topic);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to " + MAX_LIMIT);
        }
        DeadLetterListing.Listing found = listing.list(source, reason, limit);
        log.info("{} listed the dead letters of {} ({} matching)", caller.getName(), source, found.matching());
        return new Listing(
                service,
                source,
                Topics.deadLetter(source),
                replay.replays(source),
                found.matching(),
                found.letters().stream().map(DeadLetterController::listed).toList());
    }

    /** @param positions positions in the dead-letter topic, {@code partition:offset}, as the listing shows them */
    record ReplayRequest(@Nullable List<String> positions) {}

    record ReplayResponse(String service, String topic, String deadLetterTopic, List<ReplayedRecord> records) {}

    record ReplayedRecord(
            String position,
            @Nullable String eventId,
            @Nullable String eventType,
            String outcome,
            @Nullable String detail,
            Map<String, String> consumers) {}

    @PostMapping("/{topic}/replay")
    ReplayResponse replay(@PathVariable String topic, @RequestBody ReplayRequest request, Principal caller) {
        String source = sourceTopic(topic);
        List<String> asked = request.positions();
        if (asked == null || asked.isEmpty() || asked.size() > MAX_REPLAY) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "name 1 to " + MAX_REPLAY + " positions (partition:offset)");
        }
        List<Position> positions;
        try {
            positions = asked.stream().map(Position::parse).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (!replay.replays(source)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    service + " has no consumer of " + source + " that replays records (a batch consumer or a plain"
                            + " listener); see docs/runbook.md, section 8");
        }
        List<DeadLetterReplay.Replayed> replayed = replay.replay(source, positions, caller.getName());
        return new ReplayResponse(
                service,
                source,
                Topics.deadLetter(source),
                replayed.stream()
                        .map(r -> new ReplayedRecord(
                                r.position().toString(),
                                r.letter() == null
                                        ? null
                                        : r.letter()
                                                .eventId()
                                                .map(Object::toString)
                                                .orElse(null),
                                r.letter() == null ? null : r.letter().eventType(),
                                r.outcome().name(),
                                r.detail(),
                                r.consumers().stream()
                                        .collect(java.util.stream.Collectors.toMap(
                                                DeadLetterReplay.ConsumerOutcome::consumer,
                                                c -> c.outcome().name(),
                                                (a, b) -> a,
                                                java.util.TreeMap::new))))
                        .toList());
    }

    /**
     * Kafka refused or did not answer (the broker away, or a grant without READ on the dead-letter topic): 503 with
     * Kafka's own words, not an opaque 500.
     */
    @ExceptionHandler(KafkaException.class)
    ResponseEntity<ProblemDetail> kafkaFailed(KafkaException failure) {
        log.warn("dead letters: Kafka failed: {}", failure.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Kafka: " + failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /** The source topic named by the path, if this service reads it; 404 otherwise. */
    private String sourceTopic(String topic) {
        String source = Topics.isDeadLetter(topic) ? topic.substring(0, topic.length() - ".dlq".length()) : topic;
        Set<String> read = new TreeSet<>(consumers.topics());
        KafkaAccess.grantOf(service).ifPresent(grant -> read.addAll(grant.reads()));
        if (!read.contains(source)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, service + " does not read " + source);
        }
        return source;
    }

    private static ListedDeadLetter listed(DeadLetterListing.Listed listed) {
        DeadLetter letter = listed.letter();
        byte[] value = letter.value();
        byte[] head = value.length <= PREVIEW_BYTES ? value : java.util.Arrays.copyOf(value, PREVIEW_BYTES);
        String text = utf8(head);
        return new ListedDeadLetter(
                letter.position().toString(),
                letter.timestamp(),
                letter.key(),
                letter.reason(),
                letter.sourcePosition(),
                letter.consumer(),
                letter.eventType(),
                letter.eventId().map(Object::toString).orElse(null),
                listed.appliedBy(),
                value.length,
                text != null ? text : java.util.Base64.getEncoder().encodeToString(head),
                text == null);
    }

    /** The bytes as UTF-8 text, or null when they are not (a cut in the middle of a character is tolerated). */
    private static @Nullable String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, Math.max(0, bytes.length - trailingPartial(bytes))));
            return chars.toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    /** How many bytes at the end belong to a character cut off by the preview's bound. */
    private static int trailingPartial(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return length > back ? back : 0;
            }
        }
        return 0;
    }
}
