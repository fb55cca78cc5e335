package dev.ota.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Wires a Spring test context to real Kafka, PostgreSQL and MQTT (see {@link RealInfrastructure}) and to the test JWT
 * issuer ({@link TestTokens}). Put it beside {@code @SpringBootTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WithRealInfrastructure {

    /** The service's own database; created with an owner role of the same name. */
    String database();
}
