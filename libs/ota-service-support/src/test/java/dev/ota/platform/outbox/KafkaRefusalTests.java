package dev.ota.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaRefusalTests {

    @Test
    void aRecordTooLargeOrForAnInvalidTopicIsRefusedForGood() {
        assertThat(KafkaRefusal.isPermanentForTheRow(new RecordTooLargeException("2 MiB")))
                .isTrue();
        assertThat(KafkaRefusal.isPermanentForTheRow(new ExecutionException(new RecordTooLargeException("2 MiB"))))
                .isTrue();
        assertThat(KafkaRefusal.isPermanentForTheRow(new InvalidTopicException("bad name")))
                .isTrue();
    }

    @Test
    void clusterStateAndConfigurationAreNotTheRowsFault() {
        assertThat(KafkaRefusal.isPermanentForTheRow(new TimeoutException("no ack")))
                .isFalse();
        assertThat(KafkaRefusal.isPermanentForTheRow(new NotEnoughReplicasException("isr")))
                .isFalse();
        assertThat(KafkaRefusal.isPermanentForTheRow(new UnknownTopicOrPartitionException("not yet")))
                .isFalse();
        assertThat(KafkaRefusal.isPermanentForTheRow(new TopicAuthorizationException("missing ACL")))
                .isFalse();
        assertThat(KafkaRefusal.isPermanentForTheRow(new SaslAuthenticationException("expired")))
                .isFalse();
    }
}
