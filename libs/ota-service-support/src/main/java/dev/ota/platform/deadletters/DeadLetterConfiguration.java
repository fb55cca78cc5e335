package dev.ota.platform.deadletters;

import dev.ota.contracts.KafkaAccess;
import dev.ota.platform.deadletters.web.DeadLetterController;
import dev.ota.platform.messaging.DeadLetters;
import dev.ota.platform.messaging.MessagingConfiguration;
import dev.ota.platform.outbox.Outbox;
import dev.ota.platform.outbox.OutboxConfiguration;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dead-letter endpoint of every service with a database (an inbox to deduplicate replays, an outbox to record them
 * for the audit log). Operator actions are recorded on the topic {@link KafkaAccess#operationsTopicOf} names for the
 * service ({@code ota.dead-letters.operations-topic} overrides it, for a service outside the table such as a test).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, MessagingConfiguration.class, OutboxConfiguration.class})
@ConditionalOnWebApplication
@ConditionalOnProperty(prefix = "spring.datasource", name = "url")
@ConditionalOnBean({DataSource.class, Outbox.class})
public class DeadLetterConfiguration {

    @Bean
    DeadLetterReader deadLetterReader(Environment environment) {
        return new DeadLetterReader(environment);
    }

    @Bean
    ReplayableConsumers replayableConsumers(ApplicationContext context, BindingServiceProperties bindings) {
        return new ReplayableConsumers(context, bindings);
    }

    @Bean
    DeadLetterListing deadLetterListing(
            Environment environment, DeadLetterReader reader, ReplayableConsumers consumers, DataSource dataSource) {
        return new DeadLetterListing(serviceOf(environment), reader, consumers, JdbcClient.create(dataSource));
    }

    @Bean
    DeadLetterReplay deadLetterReplay(
            Environment environment,
            DeadLetterReader reader,
            ReplayableConsumers consumers,
            DeadLetters deadLetters,
            Outbox outbox,
            PlatformTransactionManager transactions) {
        String service = serviceOf(environment);
        String operationsTopic = environment.getProperty("ota.dead-letters.operations-topic");
        if (operationsTopic == null) {
            operationsTopic = KafkaAccess.operationsTopicOf(service)
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    service
                                            + " has no topic for operator actions in KafkaAccess; set ota.dead-letters.operations-topic"));
        }
        return new DeadLetterReplay(
                service,
                operationsTopic,
                reader,
                consumers,
                deadLetters,
                outbox,
                new TransactionTemplate(transactions),
                Clock.systemUTC());
    }

    @Bean
    DeadLetterController deadLetterController(
            Environment environment,
            DeadLetterListing listing,
            DeadLetterReplay replay,
            ReplayableConsumers consumers) {
        return new DeadLetterController(serviceOf(environment), listing, replay, consumers);
    }

    private static String serviceOf(Environment environment) {
        return environment.getProperty("spring.application.name", "unknown");
    }
}
