package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker side of vehicle security, as a HiveMQ extension: every client must present a fleet CA certificate
 * (the TLS listener has already checked the chain) that is not revoked; a vehicle gets topic permissions for its own
 * VIN only, everything else denied; and every message a vehicle publishes carries its certificate identity in the
 * {@value #IDENTITY_PROPERTY} user property, overwriting anything the vehicle put there, so the gateway can check
 * topic VIN, payload VIN and certificate identity against each other. It also counts the vehicles connected to this
 * broker node and publishes the count at a fixed interval (see {@link ConnectedVehiclesReport}), which the gateways
 * export as a metric.
 */
public final class VehicleAccessExtension implements ExtensionMain {

    /** The MQTT 5 user property carrying the publisher's certificate identity. */
    public static final String IDENTITY_PROPERTY = "ota-identity";

    private static final Logger log = LoggerFactory.getLogger(VehicleAccessExtension.class);

    private final VehicleAccess access;
    private final ConnectedVehicles connectedVehicles;
    private final String brokerId;
    private final Duration reportInterval;

    /**
     * Reports connected vehicles every 10 s under the host name ({@code HOSTNAME}, else "broker").
     *
     * @param revoked tells whether a certificate is revoked (from the fleet CA's CRL)
     */
    public VehicleAccessExtension(Predicate<X509Certificate> revoked) {
        this(revoked, Objects.requireNonNullElse(System.getenv("HOSTNAME"), "broker"), Duration.ofSeconds(10));
    }

    /**
     * @param revoked tells whether a certificate is revoked (from the fleet CA's CRL)
     * @param brokerId this broker node's name in the connected-vehicles report topic
     * @param reportInterval how often the count of connected vehicles is published
     */
    public VehicleAccessExtension(Predicate<X509Certificate> revoked, String brokerId, Duration reportInterval) {
        this.access = new VehicleAccess(revoked);
        this.connectedVehicles = new ConnectedVehicles(access);
        this.brokerId = brokerId;
        this.reportInterval = reportInterval;
        ConnectedVehiclesReport.topic(brokerId);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(provider -> (SimpleAuthenticator) this::authenticate);
        Services.initializerRegistry()
                .setClientInitializer((initializer, client) -> client.addPublishInboundInterceptor(stamp()));
        Services.eventRegistry().setClientLifecycleEventListener(provider -> connectedVehicles);
        Services.extensionExecutorService()
                .scheduleAtFixedRate(
                        this::reportConnectedVehicles, 0, reportInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Retained and expiring after three intervals: a new subscriber sees the count at once, a dead broker's goes. */
    private void reportConnectedVehicles() {
        try {
            Services.publishService()
                    .publish(Builders.publish()
                            .topic(ConnectedVehiclesReport.topic(brokerId))
                            .qos(Qos.AT_MOST_ONCE)
                            .retain(true)
                            .messageExpiryInterval(
                                    Math.max(1, reportInterval.multipliedBy(3).toSeconds()))
                            .payload(ByteBuffer.wrap(ConnectedVehiclesReport.payload(connectedVehicles.count())))
                            .build());
        } catch (RuntimeException e) {
            log.warn("could not publish the connected-vehicles report: {}", e.toString());
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        VehicleAccess.Identity identity = access.identify(
                certificate(input.getConnectionInformation().getClientTlsInformation()),
                input.getClientInformation().getClientId());
        if (identity instanceof VehicleAccess.Identity.Refused(String reason)) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, reason);
            return;
        }
        output.getDefaultPermissions().addAll(VehicleAccess.permissions(identity));
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        output.authenticateSuccessfully();
    }

    private PublishInboundInterceptor stamp() {
        return (PublishInboundInput input, PublishInboundOutput output) -> {
            var properties = output.getPublishPacket().getUserProperties();
            properties.removeName(IDENTITY_PROPERTY);
            VehicleAccess.Identity identity = access.identify(
                    certificate(input.getConnectionInformation().getClientTlsInformation()),
                    input.getClientInformation().getClientId());
            if (identity instanceof VehicleAccess.Identity.Vehicle(String vin)) {
                properties.addUserProperty(IDENTITY_PROPERTY, vin);
            }
        };
    }

    private static Optional<X509Certificate> certificate(Optional<ClientTlsInformation> tls) {
        return tls.flatMap(ClientTlsInformation::getClientCertificate);
    }
}
