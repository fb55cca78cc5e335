package dev.ota.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOff;

/**
 * Gives every Spring Cloud Stream consumer binding the shared error handler ({@link ConsumerFailures}) and takes
 * retries and dead letters away from the binder: the binder's retries count attempts without knowing a database
 * outage from a malformed record, and its dead letters carry other headers than {@link DeadLetters}.
 */
final class ConsumerErrorHandling implements ListenerContainerWithDlqAndRetryCustomizer, DisposableBean {

    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final ConsumerRetryProperties retry;
    /** Resumes partitions paused for a back-off; not a bean, so a service's own task scheduler stays its own. */
    private final ThreadPoolTaskScheduler resumes = new ThreadPoolTaskScheduler();

    private final BackOffHandler backOffHandler;

    ConsumerErrorHandling(DeadLetters deadLetters, MeterRegistry meters, ConsumerRetryProperties retry) {
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.retry = retry;
        resumes.setThreadNamePrefix("ota-consumer-backoff-");
        resumes.setDaemon(true);
        resumes.initialize();
        // the registry is only asked for containers by id, which the pause of a given container never does
        this.backOffHandler = new ContainerPausingBackOffHandler(
                new ListenerContainerPauseService(new KafkaListenerEndpointRegistry(), resumes));
    }

    @Override
    public void destroy() {
        resumes.shutdown();
    }

    @Override
    public void configure(
            AbstractMessageListenerContainer<?, ?> container,
            String destinationName,
            String group,
            @Nullable BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
            @Nullable BackOff backOff) {
        container.setCommonErrorHandler(
                ConsumerFailures.errorHandler(group, deadLetters, meters, retry, backOffHandler));
    }

    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }
}
