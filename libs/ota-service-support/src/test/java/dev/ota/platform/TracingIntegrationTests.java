package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.platform.ProbeApplication.ProbeRevocations;
import dev.ota.platform.messaging.DeadLetters;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One trace follows an event from the transaction that wrote it, through the outbox and Kafka, into a consumer. */
@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class TracingIntegrationTests {

    @Autowired
    ProbeRevocations revocations;

    @Autowired
    Tracer tracer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeadLetters deadLetters;

    @Test
    void anOutboxEventCarriesTheTraceOfTheTransactionThatWroteIt() {
        Span request = tracer.nextSpan().name("release engineer request").start();
        String image = "traced-" + UUID.randomUUID();
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            revocations.revoke(image, false);
        } finally {
            request.end();
        }
        var record = KafkaTestClient.await(Topics.IMAGE_EVENTS, r -> image.equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(record, "traceparent"))
                .hasValueSatisfying(traceparent -> assertThat(traceparent)
                        .startsWith("00-" + request.context().traceId() + "-"));
    }

    /**
     * Headers come from the framework: the service's template observes each send, and the span of the send, a child of
     * the work's span, is what the record's {@code traceparent} names (not the work's own span).
     */
    @Test
    void aRecordSentThroughTheServiceTemplateCarriesASpanOfTheSendingWorksTrace() {
        Span work = tracer.nextSpan().name("consumer work").start();
        String key = "traced-dead-letter-" + UUID.randomUUID();
        try (Tracer.SpanInScope ignored = tracer.withSpan(work)) {
            deadLetters.send(Topics.IMAGE_EVENTS, key, new byte[] {1}, "0:0", "probe: refused");
        } finally {
            work.end();
        }
        var record = KafkaTestClient.await(
                Topics.deadLetter(Topics.IMAGE_EVENTS), r -> key.equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(record, "traceparent"))
                .hasValueSatisfying(traceparent -> assertThat(traceparent)
                        .startsWith("00-" + work.context().traceId() + "-")
                        .doesNotContain(work.context().spanId()));
    }

    @Test
    void aConsumerContinuesTheTraceOfTheRecordItHandles() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        ImageSigned event = ProbeApplication.imageSigned("traced-in-" + UUID.randomUUID());
        KafkaTestClient.send(event, Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from probe_applied where event_id = :id")
                                .param("id", event.eventId())
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(jdbc.sql("select trace_id from probe_applied where event_id = :id")
                        .param("id", event.eventId())
                        .query(String.class)
                        .single())
                .isEqualTo(traceId);
    }
}
