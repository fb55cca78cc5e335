package dev.ota.gateway.fleetca;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.FleetCertificateEvent;
import dev.ota.platform.messaging.EventRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's outbox for fleet CA events, without a database: one file per event in a directory beside the CA's
 * files (as durable as the CRL itself), written and synced before the CA changes anything, deleted only after Kafka
 * acknowledged the record ({@code acks=all}). What Kafka did not take (an outage, a crash) stays and is sent again;
 * audit-service deduplicates by event id, so a second delivery is harmless (gateway replicas sharing the directory
 * may both send a held event).
 */
final class AuditOutbox {

    private static final Logger log = LoggerFactory.getLogger(AuditOutbox.class);
    private static final String SUFFIX = ".json";

    /** An event waiting in the outbox. */
    record Held(Path file, FleetCertificateEvent event) {}

    private final Path directory;
    private final Producer<String, byte[]> kafka;
    private final Duration sendTimeout;

    AuditOutbox(Path directory, Producer<String, byte[]> kafka, Duration sendTimeout) {
        this.directory = directory;
        this.kafka = kafka;
        this.sendTimeout = sendTimeout;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("audit outbox " + directory + " not usable", e);
        }
    }

    /** Writes the event durably (temporary file, fsync, atomic rename). */
    Held hold(FleetCertificateEvent event) {
        Path file = directory.resolve(event.eventId() + SUFFIX);
        try {
            Path temporary = Files.createTempFile(directory, event.eventId().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(EventCodec.encode(event)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return new Held(file, event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hold the audit event in " + directory, e);
        }
    }

    /**
     * Sends the event and waits for Kafka's acknowledgement.
     *
     * @return true when Kafka acknowledged it (the file is then gone), false when it stays for a later attempt
     */
    boolean deliver(Held held) {
        return deliverAll(List.of(held));
    }

    /**
     * Sends the events at once and waits, {@code send-timeout} in all, for Kafka to acknowledge them; each acknowledged
     * one leaves the outbox.
     *
     * @return true when Kafka acknowledged every one, false when some stay for a later attempt
     */
    boolean deliverAll(List<Held> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (Held held : events) {
            FleetCertificateEvent event = held.event();
            ProducerRecord<String, byte[]> record = EventRecords.of(
                    event.topic(), event.key(), EventCodec.encode(event), event.type(), event.eventId());
            try {
                sent.add(kafka.send(record));
            } catch (RuntimeException e) {
                // the producer refused the record outright (closed, say): the event stays held all the same
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        boolean all = true;
        for (int i = 0; i < events.size(); i++) {
            Held held = events.get(i);
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                drop(held);
            } catch (ExecutionException | TimeoutException e) {
                log.warn(
                        "audit event {} not acknowledged by Kafka yet, kept in {}: {}",
                        held.event().eventId(),
                        directory,
                        e.toString());
                all = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }

    void drop(Held held) {
        try {
            Files.deleteIfExists(held.file());
        } catch (IOException e) {
            log.warn("cannot delete {} (it will be sent again, which is harmless): {}", held.file(), e.toString());
        }
    }

    /** The events still waiting, oldest file first; unreadable files are logged and left alone. */
    List<Held> held() {
        List<Held> held = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(SUFFIX))
                    .sorted((a, b) -> modified(a).compareTo(modified(b)))
                    .toList()) {
                try {
                    if (EventCodec.decode(Files.readAllBytes(file)).orElse(null)
                            instanceof FleetCertificateEvent event) {
                        held.add(new Held(file, event));
                    } else {
                        log.error("audit outbox file {} is not a fleet certificate event and stays there", file);
                    }
                } catch (NoSuchFileException e) {
                    // delivered meanwhile by another gateway replica sharing the outbox
                } catch (IOException | RuntimeException e) {
                    log.error("audit outbox file {} is unreadable and stays there: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list the audit outbox {}: {}", directory, e.toString());
        }
        return held;
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
