package dev.ota.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/** Adds the connection properties of the real infrastructure with the highest precedence. */
record RealInfrastructureContextCustomizer(String database) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Infrastructure infrastructure = RealInfrastructure.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", infrastructure.database(database));
        properties.put("spring.datasource.username", database);
        properties.put("spring.datasource.password", database);
        properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
        properties.put("spring.cloud.stream.kafka.binder.brokers", infrastructure.kafkaBootstrapServers());
        // the service under test authenticates to Kafka as itself, so the ACLs of KafkaAccess hold in its tests
        String principal = context.getEnvironment().getProperty("spring.application.name", Infrastructure.TEST_HARNESS);
        infrastructure
                .kafkaClientProperties(principal)
                .forEach((key, value) -> properties.put("spring.kafka.properties." + key, value));
        properties.put("ota.mqtt.host", infrastructure.mqttHost());
        properties.put("ota.mqtt.port", infrastructure.mqttPort());
        properties.put("ota.security.jwt.public-key-location", TestTokens.publicKeyLocation());
        properties.put("ota.security.jwt.jwk-set-uri", "");
        properties.put("ota.security.jwt.issuer", TestTokens.ISSUER);
        // every service seals with the test assignment key, and the director trusts it (see TestAssignmentSeals)
        properties.put(
                "ota.assignments.signer-key-file",
                TestAssignmentSeals.privateKeyFile().toString());
        properties.put(
                "ota.assignments.update-signers." + TestAssignmentSeals.UPDATE_SIGNER,
                TestAssignmentSeals.publicKeyFile().toString());
        properties.put(
                "ota.assignments.rollback-signers." + TestAssignmentSeals.ROLLBACK_SIGNER,
                TestAssignmentSeals.publicKeyFile().toString());
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("ota-real-infrastructure", properties));
    }
}
