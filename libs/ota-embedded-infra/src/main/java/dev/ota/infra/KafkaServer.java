package dev.ota.infra;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A single-node Kafka broker in KRaft mode, in this JVM, with the given topics created up front. */
public final class KafkaServer implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts the broker. It leaves flushing to the operating system, as Kafka does by default and the platform's
     * {@link PersistentKafkaServer} does: durability comes from {@code acks=all}, not from an fsync per message (which
     * this broker did until 2026-11-27: the gateway's send -> acknowledgement in the load benchmark went from p50 10-11 ms to 6.5 ms without it).
     *
     * @param port the listener port, 0 for any free port
     * @param partitions partitions per pre-created topic
     * @param topics topics to create
     */
    public static KafkaServer start(int port, int partitions, String... topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
        broker.kafkaPorts(FreePorts.orPick(port));
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(partitions),
                "offsets.topic.num.partitions", "5",
                "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        return new KafkaServer(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
