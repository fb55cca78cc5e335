package dev.ota.audit.log;

import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A record that cannot be stored (the database is down) is retried until it can, never skipped: the audit log would
 * rather stall than lose a record. Poison never reaches this point; the consumer dead-letters it first.
 */
@Configuration(proxyBeanMethods = false)
class LogRetryConfiguration {

    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryLogBatchesUntilStored() {
        return (container, destination, group) -> container.setCommonErrorHandler(
                new DefaultErrorHandler(new FixedBackOff(2_000L, FixedBackOff.UNLIMITED_ATTEMPTS)));
    }
}
