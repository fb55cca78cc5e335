package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;

/**
 * Decides each publish and subscribe of a vehicle against its own topics (exact topics, no wildcards, no shared
 * subscriptions), so that every attempt outside them is refused <em>and counted</em>. A publish outside them also
 * closes the connection: no vehicle software publishes there by mistake, and a subscribe is only refused because a
 * vehicle may probe what it may read without being able to do harm; platform clients and allowed
 * vehicle packets go on to the default permissions set at connect, which say the same again.
 */
final class VehicleAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private final ConnectedClients clients;
    private final Refusals refusals;

    VehicleAuthorizer(ConnectedClients clients, Refusals refusals) {
        this.clients = clients;
        this.refusals = refusals;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String topic = input.getPublishPacket().getTopic();
        switch (clients.identity(input.getClientInformation().getClientId())) {
            case VehicleAccess.Identity.Platform platform -> output.nextExtensionOrDefault();
            case VehicleAccess.Identity.Vehicle(String vin)
            when VehicleAccess.publishTopics(vin).contains(topic) -> output.nextExtensionOrDefault();
            case VehicleAccess.Identity.Vehicle(String vin) -> {
                refusals.count(VehicleAccess.Refusal.publish_denied);
                output.disconnectClient(
                        DisconnectReasonCode.NOT_AUTHORIZED, "vehicle " + vin + " may not publish on " + topic);
            }
            case VehicleAccess.Identity.Refused refused -> {
                refusals.count(VehicleAccess.Refusal.publish_denied);
                output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, refused.message());
            }
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        switch (clients.identity(input.getClientInformation().getClientId())) {
            case VehicleAccess.Identity.Platform platform -> output.nextExtensionOrDefault();
            case VehicleAccess.Identity.Vehicle(String vin)
            when VehicleAccess.subscribeFilters(vin).contains(filter) -> output.nextExtensionOrDefault();
            case VehicleAccess.Identity.Vehicle(String vin) -> {
                refusals.count(VehicleAccess.Refusal.subscribe_denied);
                output.failAuthorization(
                        SubackReasonCode.NOT_AUTHORIZED, "vehicle " + vin + " may not subscribe to " + filter);
            }
            case VehicleAccess.Identity.Refused refused -> {
                refusals.count(VehicleAccess.Refusal.subscribe_denied);
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, refused.message());
            }
        }
    }
}
