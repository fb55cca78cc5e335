package dev.ota.platform.messaging;

import dev.ota.platform.kafka.KafkaProducers;
import dev.ota.platform.tracing.TracePropagation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's one producer path and its consumer conventions. Producer: the {@code otaKafkaTemplate} every component
 * sends with ({@link KafkaProducers}); registered before Spring Boot's Kafka auto-configuration, whose own template and
 * producer factory then back off. Consumers: transient failures are retried without limit, what can never be processed
 * goes to {@code <topic>.dlq} at once with the reason headers of {@link DeadLetters}, whichever path refused it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(ConsumerRetryProperties.class)
public class MessagingConfiguration {

    /** Closes the producer on shutdown within a bound ({@link KafkaProducers#factory(Environment)}). */
    @Bean
    DefaultKafkaProducerFactory<String, byte[]> otaKafkaProducerFactory(Environment environment) {
        return KafkaProducers.factory(environment);
    }

    @Bean
    KafkaTemplate<String, byte[]> otaKafkaTemplate(ProducerFactory<String, byte[]> otaKafkaProducerFactory) {
        KafkaProducers.createNow(otaKafkaProducerFactory);
        return KafkaProducers.template(otaKafkaProducerFactory);
    }

    @Bean
    DeadLetters deadLetters(
            KafkaTemplate<String, byte[]> otaKafkaTemplate, Environment environment, MeterRegistry meters) {
        return new DeadLetters(otaKafkaTemplate, environment.getProperty("spring.application.name", "unknown"), meters);
    }

    @Bean
    RefusedReports refusedReports(MeterRegistry meters) {
        return new RefusedReports(meters);
    }

    @Bean
    TracePropagation tracePropagation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TracePropagation(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    InboundEvents inboundEvents(
            DeadLetters deadLetters,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<PlatformTransactionManager> transactionManager,
            TracePropagation tracing) {
        DataSource database = dataSource.getIfAvailable();
        PlatformTransactionManager transactions = transactionManager.getIfAvailable();
        if (database == null || transactions == null) {
            return new InboundEvents(deadLetters, null, null, tracing);
        }
        return new InboundEvents(
                deadLetters, new Inbox(JdbcClient.create(database)), new TransactionTemplate(transactions), tracing);
    }

    /** Batch consumers: a poll applied whole, split when it fails for good, retried whole when it fails transiently. */
    @Bean
    BatchFailures batchFailures(
            DeadLetters deadLetters, ConsumerRetryProperties retry, Environment environment, MeterRegistry meters) {
        return new BatchFailures(
                environment.getProperty("spring.application.name", "unknown"), deadLetters, retry, meters);
    }

    /**
     * Every consumer binding, batch or not, gets the shared error handler: transient failures retried without limit
     * with the consumer paused, permanent ones dead-lettered at once ({@link ConsumerFailures}). A service that
     * customised its containers itself would keep its own (the binder takes exactly one customizer); none does.
     */
    @Bean
    @ConditionalOnMissingBean(ListenerContainerCustomizer.class)
    ConsumerErrorHandling otaConsumerErrorHandling(
            DeadLetters deadLetters, MeterRegistry meters, ConsumerRetryProperties retry) {
        return new ConsumerErrorHandling(deadLetters, meters, retry);
    }
}
