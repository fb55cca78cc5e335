package dev.ota.audit.log;

import dev.ota.platform.messaging.BatchFailures;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.transaction.PlatformTransactionManager;

/** The log and its consumer, bound in application.yml to every topic of {@code Topics.ALL}. */
@Configuration(proxyBeanMethods = false)
class LogConfiguration {

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new AuditLog(jdbc, transactions, Clock.systemUTC());
    }

    @Bean
    Consumer<Message<List<byte[]>>> auditLogConsumer(AuditLog auditLog, BatchFailures failures) {
        return new LogConsumer(auditLog, failures);
    }
}
