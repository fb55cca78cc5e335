package dev.ota.gateway.mqtt;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * A part of the gateway that takes the messages of some topics through a subscription of its own (the director asks,
 * the certificate requests, the brokers' reports). After a restart, a persistent session may deliver such messages
 * before that subscription's callback is in place again; they then reach the uplink's catch-all, which hands them here
 * instead of refusing them as no vehicle report.
 */
public interface TopicOwner {

    /** Whether this part takes the messages of {@code topic}. */
    boolean owns(String topic);

    /** Handles a message of its topics on its own thread, then runs {@code acknowledge}. */
    void take(Mqtt5Publish message, Runnable acknowledge);
}
