package dev.ota.audit;

import dev.ota.testsupport.WithRealInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole service on real Kafka and PostgreSQL, with its signing key in a file of its own and one trusted witness
 * ({@link TestWitness}). One annotation, so every integration test shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ota.audit.checkpoint.key-file=target/test-keys/checkpoint-key.ed25519",
            "ota.audit.checkpoint.generate-key-if-missing=true",
            "ota.audit.checkpoint.interval=PT1H",
            "ota.audit.checkpoint.origin=test.audit.ota.dev/log",
            "ota.audit.witnesses.keys=" + TestWitness.VERIFIER_KEY,
            // a borrower gives up after 2 s (not 30), so a database outage in a test is seen as failed attempts
            "spring.datasource.hikari.connection-timeout=2000"
        })
@WithRealInfrastructure(database = "audit")
public @interface AuditServiceTest {}
