package dev.ota.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Moves trace context across hops the instrumentation cannot see: from the transaction that writes an outbox event to
 * the Kafka record the relay sends later (possibly after a restart), and from a Kafka record into the consumer's work.
 * Uses the configured propagation (W3C {@code traceparent} by default).
 */
public final class TracePropagation {

    private static final TracePropagation DISABLED = new TracePropagation(null, null);

    private final @Nullable Tracer tracer;
    private final @Nullable Propagator propagator;

    public TracePropagation(@Nullable Tracer tracer, @Nullable Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static TracePropagation disabled() {
        return DISABLED;
    }

    /** The headers that carry the current trace, empty when there is none. */
    public Map<String, String> currentHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (tracer == null || propagator == null) {
            return headers;
        }
        Span span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), headers, (carrier, key, value) -> headers.put(key, value));
        }
        return headers;
    }

    /**
     * Runs work in a span that continues the trace found in the headers (or starts a new trace when there is none).
     *
     * @param header looks up a header value by name, null when absent
     */
    public void continueTrace(String spanName, Function<String, @Nullable String> header, Runnable work) {
        continueTrace(spanName, header, () -> {
            work.run();
            return null;
        });
    }

    /** As {@link #continueTrace(String, Function, Runnable)}, for work that answers. */
    public <T extends @Nullable Object> T continueTrace(
            String spanName, Function<String, @Nullable String> header, Supplier<T> work) {
        if (tracer == null || propagator == null) {
            return work.get();
        }
        Span span = propagator
                .extract(header, (lookup, key) -> lookup.apply(key))
                .name(spanName)
                .kind(Span.Kind.CONSUMER)
                .start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
