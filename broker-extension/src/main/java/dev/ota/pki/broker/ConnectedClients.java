package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The clients connected to this broker node and who each is, as decided when it authenticated: the authenticator
 * records the identity (and certificate) under the client id, and every later packet of that client is judged by it
 * without reading its certificate again. Counted per connection, so that a session takeover (the new connection
 * authenticated before the old one is closed) neither counts a vehicle twice nor forgets it.
 */
final class ConnectedClients implements ClientLifecycleEventListener {

    private record Session(VehicleAccess.Identity identity, X509Certificate certificate, int connections) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Admitted by the authenticator, not yet reported connected by the lifecycle events. */
    private final Map<String, Session> admitted = new ConcurrentHashMap<>();

    /** Called by the authenticator just before it lets the client in. */
    void admit(String clientId, VehicleAccess.Identity identity, X509Certificate certificate) {
        admitted.put(clientId, new Session(identity, certificate, 0));
    }

    /** Who the connected client is; refused when it is not known here (it never authenticated on this node). */
    VehicleAccess.Identity identity(String clientId) {
        Session session = sessions.get(clientId);
        if (session == null) {
            session = admitted.get(clientId);
        }
        return session == null
                ? new VehicleAccess.Identity.Refused(VehicleAccess.Refusal.no_certificate, "not an admitted client")
                : session.identity();
    }

    /** Vehicles connected to this node. */
    int vehicles() {
        int count = 0;
        for (Session session : sessions.values()) {
            if (session.identity() instanceof VehicleAccess.Identity.Vehicle) {
                count++;
            }
        }
        return count;
    }

    /** Hands every connected vehicle's client id and certificate to {@code action}. */
    void forEachVehicle(BiConsumer<String, X509Certificate> action) {
        sessions.forEach((clientId, session) -> {
            if (session.identity() instanceof VehicleAccess.Identity.Vehicle) {
                action.accept(clientId, session.certificate());
            }
        });
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        String clientId = input.getClientInformation().getClientId();
        Session fresh = admitted.remove(clientId);
        sessions.compute(clientId, (id, current) -> {
            @Nullable Session base = fresh != null ? fresh : current;
            if (base == null) {
                return null;
            }
            return new Session(base.identity(), base.certificate(), (current == null ? 0 : current.connections()) + 1);
        });
    }

    /** A refused connection never counted; it must not uncount the client already connected under that id. */
    @Override
    public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {}

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        sessions.computeIfPresent(
                input.getClientInformation().getClientId(),
                (id, session) -> session.connections() > 1
                        ? new Session(session.identity(), session.certificate(), session.connections() - 1)
                        : null);
    }
}
