package dev.ota.platform.outbox;

import dev.ota.platform.tracing.TracePropagation;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox for every service that has a database. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "spring.datasource", name = "url")
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

    @Bean
    OutboxRelay outboxRelay(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            KafkaTemplate<String, byte[]> otaKafkaTemplate,
            TracePropagation tracing,
            OutboxProperties properties,
            MeterRegistry meters) {
        return new OutboxRelay(
                JdbcClient.create(dataSource),
                new TransactionTemplate(transactionManager),
                otaKafkaTemplate,
                tracing,
                properties,
                meters);
    }

    @Bean
    Outbox outbox(DataSource dataSource, OutboxRelay relay, TracePropagation tracing) {
        return new Outbox(JdbcClient.create(dataSource), relay, tracing);
    }
}
