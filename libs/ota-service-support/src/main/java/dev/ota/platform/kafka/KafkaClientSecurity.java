package dev.ota.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The service's Kafka identity: every client it makes (binder consumers, the outbox producer, dead letters, listeners)
 * authenticates with the same certificate, set through {@code spring.kafka.properties.*} in
 * {@code ota-platform-defaults.yml} from {@code OTA_KAFKA_KEY_STORE}, {@code OTA_KAFKA_TRUST_STORE} and their passwords.
 * A service started for mutual TLS without them refuses to start and names what is missing, instead of retrying a
 * handshake the broker will never accept.
 */
public final class KafkaClientSecurity {

    static final String PREFIX = "spring.kafka.properties";

    private KafkaClientSecurity() {}

    /** The {@code spring.kafka.properties.*} entries: security protocol and TLS settings, as Kafka client keys. */
    public static Map<String, String> clientProperties(Environment environment) {
        Map<String, String> properties = new TreeMap<>(Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        properties.values().removeIf(String::isEmpty);
        return properties;
    }

    /**
     * The {@link #clientProperties} after checking them: fails when the protocol asks for TLS and a store or password is
     * missing, naming the environment variables.
     *
     * @throws IllegalStateException naming every missing setting
     */
    public static Map<String, String> requireComplete(Environment environment) {
        Map<String, String> properties = clientProperties(environment);
        String protocol = properties.getOrDefault("security.protocol", "PLAINTEXT");
        if (!protocol.startsWith("SSL") && !protocol.equals("SASL_SSL")) {
            return properties;
        }
        List<String> missing = new ArrayList<>();
        require(properties, "ssl.truststore.location", "OTA_KAFKA_TRUST_STORE", missing);
        require(properties, "ssl.truststore.password", "OTA_KAFKA_TRUST_STORE_PASSWORD", missing);
        if (protocol.equals("SSL")) {
            require(properties, "ssl.keystore.location", "OTA_KAFKA_KEY_STORE", missing);
            require(properties, "ssl.keystore.password", "OTA_KAFKA_KEY_STORE_PASSWORD", missing);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Kafka client identity incomplete (security.protocol=" + protocol
                    + "): set " + String.join(", ", missing)
                    + ". Every service authenticates to Kafka with its own certificate; see docs/architecture.md,"
                    + " 'Kafka access'.");
        }
        return properties;
    }

    private static void require(Map<String, String> properties, String key, String variable, List<String> missing) {
        if (!properties.containsKey(key)) {
            missing.add(variable + " (" + PREFIX + "." + key + ")");
        }
    }
}
