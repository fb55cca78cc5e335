package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vehicles connected to this broker node. Counted per client id (a vehicle's VIN) and per connection, so that a
 * session takeover (the new connection authenticated before the old one is closed) neither counts a vehicle twice nor
 * loses it; platform clients (gateways) are not vehicles and are not counted.
 */
final class ConnectedVehicles implements ClientLifecycleEventListener {

    private final VehicleAccess access;
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();

    ConnectedVehicles(VehicleAccess access) {
        this.access = access;
    }

    int count() {
        return connections.size();
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        VehicleAccess.Identity identity = access.identify(
                input.getConnectionInformation()
                        .getClientTlsInformation()
                        .flatMap(ClientTlsInformation::getClientCertificate),
                input.getClientInformation().getClientId());
        if (identity instanceof VehicleAccess.Identity.Vehicle(String vin)) {
            connections.merge(vin, 1, Integer::sum);
        }
    }

    /** A refused connection never counted; it must not uncount the vehicle already connected under that id. */
    @Override
    public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {}

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        connections.computeIfPresent(input.getClientInformation().getClientId(), (vin, n) -> n > 1 ? n - 1 : null);
    }
}
