package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.ota.contracts.mqtt.BrokerRefusalReport;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
    private final Consumer<BrokerRefusalReport> reporter;

    /** @param reporter told of each refusal of a vehicle, for the platform's audit log */
    VehicleAuthorizer(ConnectedClients clients, Refusals refusals, Consumer<BrokerRefusalReport> reporter) {
        this.clients = clients;
        this.refusals = refusals;
        this.reporter = reporter;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String topic = input.getPublishPacket().getTopic();
        String refusal =
                refusal(input.getClientInformation().getClientId(), VehicleAccess::mayPublish, "publish on", topic);
        if (refusal == null) {
            output.nextExtensionOrDefault();
            return;
        }
        refusals.count(VehicleAccess.Refusal.publish_denied);
        report(input.getClientInformation().getClientId(), VehicleAccess.Refusal.publish_denied, topic);
        output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, refusal);
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        String refusal = refusal(
                input.getClientInformation().getClientId(), VehicleAccess::maySubscribe, "subscribe to", filter);
        if (refusal == null) {
            output.nextExtensionOrDefault();
            return;
        }
        refusals.count(VehicleAccess.Refusal.subscribe_denied);
        report(input.getClientInformation().getClientId(), VehicleAccess.Refusal.subscribe_denied, filter);
        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, refusal);
    }

    private void report(String clientId, VehicleAccess.Refusal refusal, String topic) {
        if (clients.identity(clientId) instanceof VehicleAccess.Identity.Vehicle(String vin)) {
            reporter.accept(new BrokerRefusalReport(vin, refusal.name(), topic));
        }
    }

    /** Why the client may not use {@code topic} this way; null when it may (a platform client, or its own topic). */
    private @Nullable String refusal(
            String clientId, BiPredicate<String, String> vehicleMay, String use, String topic) {
        return switch (clients.identity(clientId)) {
            case VehicleAccess.Identity.Platform platform -> null;
            case VehicleAccess.Identity.Vehicle(String vin) ->
                vehicleMay.test(vin, topic) ? null : "vehicle " + vin + " may not " + use + " " + topic;
            case VehicleAccess.Identity.Refused refused -> refused.message();
        };
    }
}
