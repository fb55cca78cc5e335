package dev.ota.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The platform's one way to write to Kafka: a {@link KafkaTemplate} over a {@link DefaultKafkaProducerFactory} with the
 * platform's producer settings. Every producer of a service (the outbox relay, dead letters, the gateway's bridges, the
 * director's answers) sends through one template built here; a producer that needs other settings (a transactional
 * id, say) gets its own factory from {@link #factory(Environment, Map)}, still with these settings underneath.
 *
 * <p>Settings: the service's identity ({@link KafkaClientSecurity}), idempotent, acknowledged by all in-sync replicas,
 * ordered per partition. Batches of up to 256 KiB per partition (Kafka's default is 16 KiB): the outbox relay hands
 * Kafka a page of hundreds of events at once, and with small batches the page is split into many requests of which only
 * five may be in flight.
 *
 * <p>The template has observation on: each send is a Micrometer observation, so the send is timed and, with tracing,
 * is a span whose {@code traceparent} the framework writes into the record's headers (a child of the span current on
 * the sending thread). Failed sends are not logged by the template (no producer listener): each caller says what a
 * failure means for it.
 */
public final class KafkaProducers {

    /**
     * How long the producer keeps a record (retries included) before it fails the send: until then a record sent while
     * Kafka is away is still delivered once it is back. The outbox relay waits longer than this for its acknowledgements.
     */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long closing waits for records still in flight: Kafka's own {@code close()} waits forever, so a service
     * stopping while Kafka is away would never stop. Nothing is lost by the bound: a record the outbox relay handed over
     * and Kafka did not acknowledge stays in the outbox and is sent again.
     */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private KafkaProducers() {}

    /** The platform's producer settings, as Kafka client keys. */
    public static Map<String, Object> settings(Environment environment) {
        String servers = environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
        String client = environment.getProperty("spring.application.name", "ota") + "-producer";
        Map<String, Object> config = new HashMap<>(KafkaClientSecurity.requireComplete(environment));
        config.putAll(Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, client),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis()),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        return config;
    }

    /** The factory of the service's shared producer: one idempotent producer, closed within {@link #CLOSE_TIMEOUT}. */
    public static DefaultKafkaProducerFactory<String, byte[]> factory(Environment environment) {
        return factory(environment, Map.of());
    }

    /** A factory with the platform's settings and {@code overrides} on top, for a differently configured producer. */
    public static DefaultKafkaProducerFactory<String, byte[]> factory(
            Environment environment, Map<String, Object> overrides) {
        Map<String, Object> config = settings(environment);
        config.putAll(overrides);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        factory.setPhysicalCloseTimeout((int) CLOSE_TIMEOUT.toSeconds());
        return factory;
    }

    /**
     * Creates the factory's shared producer now, on the thread that starts the service. Kafka's client configuration
     * loads classes through the current thread's context class loader when it first initialises, and a thread some
     * library started (the MQTT client's callback threads in the device gateway) has the JDK's application class loader,
     * which cannot see the libraries nested in the packaged service jar: created there, the first producer failed with
     * {@code ExceptionInInitializerError} (no {@code DefaultJwtRetriever}) and every later send with {@code
     * NoClassDefFoundError}. A producer does not connect when it is created, so this works with Kafka away too.
     */
    public static void createNow(ProducerFactory<String, byte[]> factory) {
        factory.createProducer(); // the shared producer, kept by the factory; the returned proxy's close does nothing
    }

    /** The template over {@code factory}, observed, without a logging producer listener. */
    public static KafkaTemplate<String, byte[]> template(ProducerFactory<String, byte[]> factory) {
        return new ObservedTemplate(factory);
    }

    /**
     * Never asks the cluster for its id. The plain template asks an admin client for it on its first observed send, to
     * name the remote service of the span, and while Kafka is away that call blocks the sending thread for the admin's
     * operation timeout (30 s) on every send until it succeeds: a gateway thread or the outbox relay would stall on
     * it. Spans name the remote service "Apache Kafka" instead.
     */
    private static final class ObservedTemplate extends KafkaTemplate<String, byte[]> {

        ObservedTemplate(ProducerFactory<String, byte[]> factory) {
            super(factory);
            setObservationEnabled(true);
            setProducerListener(null);
        }

        @Override
        protected @Nullable String clusterId() {
            return null;
        }
    }
}
