package dev.ota.signing.fleetca;

import dev.ota.signing.SigningServiceApplication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A second signing-service on the same database, key store and Kafka as the test's: what another replica, or this one
 * after a restart, sees. Its consumers do not start (the test calls its beans), so it takes no partitions from the
 * test's instance.
 */
final class SecondInstance {

    private static final List<String> COPIED = List.of(
            "spring.datasource.url",
            "spring.datasource.username",
            "spring.datasource.password",
            "spring.kafka.bootstrap-servers",
            "spring.cloud.stream.kafka.binder.brokers",
            "ota.security.jwt.public-key-location",
            "ota.security.jwt.jwk-set-uri",
            "ota.security.jwt.issuer",
            "ota.signing.trust.dir",
            "ota.signing.trust.dev-bootstrap",
            "ota.signing.keys.dir",
            "ota.signing.keys.passphrase",
            "ota.signing.keys.generate-missing",
            "ota.signing.upload.blob-dir",
            "ota.signing.fleet-ca.key-store",
            "ota.signing.fleet-ca.create-if-missing");

    private SecondInstance() {}

    static ConfigurableApplicationContext start(Environment first) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : COPIED) {
            String value = first.getProperty(key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        properties.put("server.port", "0");
        properties.put("spring.cloud.stream.bindings.directorAssignments-in-0.consumer.auto-startup", "false");
        properties.put("spring.cloud.stream.bindings.fleetCaRequests-in-0.consumer.auto-startup", "false");
        // as command-line arguments: default properties would lose to application.yml
        return new SpringApplicationBuilder(SigningServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }
}
