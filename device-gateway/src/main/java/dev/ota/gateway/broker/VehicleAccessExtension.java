package dev.ota.gateway.broker;

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
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The broker side of vehicle security, as a HiveMQ extension: every client must present a fleet CA certificate
 * (the TLS listener has already checked the chain) that is not revoked; a vehicle gets topic permissions for its own
 * VIN only, everything else denied; and every message a vehicle publishes carries its certificate identity in the
 * {@value #IDENTITY_PROPERTY} user property, overwriting anything the vehicle put there, so the gateway can check
 * topic VIN, payload VIN and certificate identity against each other.
 */
public final class VehicleAccessExtension implements ExtensionMain {

    /** The MQTT 5 user property carrying the publisher's certificate identity. */
    public static final String IDENTITY_PROPERTY = "ota-identity";

    private final VehicleAccess access;

    /** @param revoked tells whether a certificate is revoked (from the fleet CA's CRL) */
    public VehicleAccessExtension(Predicate<X509Certificate> revoked) {
        this.access = new VehicleAccess(revoked);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(provider -> (SimpleAuthenticator) this::authenticate);
        Services.initializerRegistry()
                .setClientInitializer((initializer, client) -> client.addPublishInboundInterceptor(stamp()));
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
