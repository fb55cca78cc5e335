package dev.ota.platform.messaging;

import dev.ota.platform.outbox.KafkaProducerFactory;
import dev.ota.platform.tracing.TracePropagation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumer conventions: transient failures are retried without limit, what can never be processed goes to {@code
 * <topic>.dlq} at once with the reason headers of {@link DeadLetters}, whichever path refused it.
 */
@AutoConfiguration
@EnableConfigurationProperties(ConsumerRetryProperties.class)
public class MessagingConfiguration {

    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Closed by {@link #otaKafkaProducerClose} with a bound: Kafka's own {@code close()} waits forever for pending
     * sends, so a service stopping while Kafka is away would never stop. Nothing is lost by the bound: a record the
     * outbox relay handed over and Kafka did not acknowledge stays in the outbox and is sent again.
     */
    @Bean(destroyMethod = "")
    Producer<String, byte[]> otaKafkaProducer(Environment environment) {
        return KafkaProducerFactory.create(environment);
    }

    @Bean
    DisposableBean otaKafkaProducerClose(Producer<String, byte[]> otaKafkaProducer) {
        return () -> otaKafkaProducer.close(PRODUCER_CLOSE_TIMEOUT);
    }

    @Bean
    DeadLetters deadLetters(Producer<String, byte[]> otaKafkaProducer, Environment environment, MeterRegistry meters) {
        return new DeadLetters(otaKafkaProducer, environment.getProperty("spring.application.name", "unknown"), meters);
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
