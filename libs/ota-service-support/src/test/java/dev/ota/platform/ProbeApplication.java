package dev.ota.platform;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.platform.messaging.InboundEvents;
import dev.ota.platform.outbox.Outbox;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A minimal service built on the shared conventions, to test them as a real service would use them. */
@SpringBootApplication
class ProbeApplication {

    static final String REJECTED_IMAGE = "rejected-by-handler";
    /** Images whose name starts with this are stored without a name: the NOT NULL constraint refuses them. */
    static final String CONSTRAINT_VIOLATING_IMAGE = "violates-a-constraint-";
    /** Images whose name starts with this make the handler fail the way a bug does. */
    static final String BUGGY_IMAGE = "hits-a-bug-";
    /** How often the handler was called per image name (every delivery attempt, also failed ones). */
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Bean
    Consumer<Message<byte[]>> probeImages(InboundEvents inbound, JdbcClient jdbc, Tracer tracer) {
        return inbound.idempotent("probe-images", ImageSigned.class, event -> {
            ATTEMPTS.computeIfAbsent(event.imageName(), name -> new AtomicInteger())
                    .incrementAndGet();
            if (REJECTED_IMAGE.equals(event.imageName())) {
                throw new MalformedEventException("image name is on the deny list");
            }
            if (event.imageName().startsWith(BUGGY_IMAGE)) {
                throw new IllegalStateException("the probe handler hit a bug");
            }
            boolean violates = event.imageName().startsWith(CONSTRAINT_VIOLATING_IMAGE);
            Span span = tracer.currentSpan();
            jdbc.sql("insert into probe_applied (event_id, image_name, trace_id) values (:id, :name, :trace)")
                    .param("id", event.eventId())
                    .param("name", violates ? null : event.imageName())
                    .param("trace", span == null ? null : span.context().traceId())
                    .update();
        });
    }

    static ImageSigned imageSigned(String name) {
        return new ImageSigned(
                UUID.randomUUID(),
                Instant.now(),
                name,
                "1.0.0",
                List.of("hw-1"),
                1,
                10,
                Map.of("sha256", "00".repeat(32)),
                name + "/1.0.0",
                "ci",
                Map.of());
    }

    @Service
    static class ProbeRevocations {

        private final Outbox outbox;

        ProbeRevocations(Outbox outbox) {
            this.outbox = outbox;
        }

        @Transactional
        ImageRevoked revoke(String image, boolean failAfterPublishing) {
            ImageRevoked event = new ImageRevoked(
                    UUID.randomUUID(), Instant.now(), image, "1.0.0", image + "/1.0.0", "test", "probe");
            outbox.publish(event);
            if (failAfterPublishing) {
                throw new IllegalStateException("the state change failed after the event was written");
            }
            return event;
        }

        /**
         * Revokes several images with one {@code publishAll}, optionally holding the transaction open a while after
         * writing (to interleave with other transactions) or failing after it.
         */
        @Transactional
        List<ImageRevoked> revokeAll(List<String> images, long holdMillis, boolean failAfterPublishing) {
            List<ImageRevoked> events = images.stream()
                    .map(image -> new ImageRevoked(
                            UUID.randomUUID(), Instant.now(), image, "1.0.0", image + "/1.0.0", "test", "probe"))
                    .toList();
            outbox.publishAll(events);
            if (holdMillis > 0) {
                try {
                    Thread.sleep(holdMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failAfterPublishing) {
                throw new IllegalStateException("the state change failed after the events were written");
            }
            return events;
        }
    }

    @RestController
    static class ProbeController {

        @GetMapping("/api/probe")
        @PreAuthorize("hasRole('RELEASE_ENGINEER')")
        Map<String, String> probe() {
            return Map.of("status", "ok");
        }

        /** Takes JSON only: a body of another type is a 415, malformed JSON a 400. */
        @PostMapping(path = "/api/probe/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
        @PreAuthorize("hasRole('RELEASE_ENGINEER')")
        Echo echo(@RequestBody Echo echo) {
            return echo;
        }

        /** A multipart upload, limited by {@code spring.servlet.multipart.max-file-size}: larger is a 413. */
        @PostMapping(path = "/api/probe/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
        @PreAuthorize("hasRole('RELEASE_ENGINEER')")
        Map<String, Long> upload(@RequestPart("file") MultipartFile file) {
            return Map.of("bytes", file.getSize());
        }

        /** A bug no handler takes: the exception's message must not reach the client. */
        @GetMapping("/api/probe/bug")
        @PreAuthorize("hasRole('RELEASE_ENGINEER')")
        Map<String, String> bug() {
            throw new IllegalStateException(INTERNAL_SECRET);
        }
    }

    record Echo(String text) {}

    static final String INTERNAL_SECRET = "jdbc:postgresql://internal-host/secret";
}
