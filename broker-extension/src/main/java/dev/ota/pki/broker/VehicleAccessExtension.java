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
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.ota.contracts.mqtt.BrokerRefusalReport;
import dev.ota.contracts.mqtt.CertificateInUseReport;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker side of vehicle security, as a HiveMQ extension.
 *
 * <ul>
 *   <li><b>Who:</b> every client presents a certificate (the TLS listener has checked its chain); a platform client is
 *       one the platform issuer signed, a vehicle one the fleet CA signed, not revoked, with its VIN as client id
 *       (see {@link VehicleAccess}). Anything else is refused at connect.
 *   <li><b>Where:</b> a vehicle may publish and subscribe only on its own topics; each attempt elsewhere is refused
 *       and counted ({@link VehicleAuthorizer}), with default permissions saying the same behind it.
 *   <li><b>How much:</b> a vehicle gets at most {@link Limits#receiveMaximum} unacknowledged messages in flight
 *       towards the broker and {@link Limits#queueSize} messages queued for it while offline, and may connect at most
 *       {@link Limits#connectBurst} times at once and then once per {@link Limits#connectRefill}. (The packet size
 *       limit is the broker's own configuration: a larger packet never reaches this extension or the gateway.)
 *   <li><b>Revocation:</b> a connect is judged against the CRL as it is at that moment, and every
 *       {@link Limits#revocationSweep} the open vehicle sessions are checked again when the CRL changed: a revoked
 *       vehicle is disconnected within that interval of the CRL being written.
 *   <li><b>Stamp:</b> every message a vehicle publishes carries its certificate's VIN in the {@value #IDENTITY_PROPERTY}
 *       user property, overwriting anything the vehicle put there.
 *   <li><b>Certificate in use:</b> a vehicle admitted with a certificate younger than {@link #FRESH_CERTIFICATE} is
 *       reported on {@link CertificateInUseReport}, so the fleet CA can revoke what a renewal replaced.
 *   <li><b>Audit:</b> each refusal of a certificate the fleet CA issued (a connect when revoked, under another client
 *       id or too often; a disconnect at revocation; a publish or subscribe outside its topics) is reported with the
 *       certificate's VIN on {@link BrokerRefusalReport}, for the platform's audit log.
 *   <li><b>Report:</b> the count of connected vehicles and of refusals by reason is published at a fixed interval (see
 *       {@link ConnectedVehiclesReport}), which the gateways export as metrics.
 * </ul>
 */
public final class VehicleAccessExtension implements ExtensionMain {

    /** The MQTT 5 user property carrying the publisher's certificate identity. */
    public static final String IDENTITY_PROPERTY = "ota-identity";

    /**
     * A vehicle admitted with a certificate issued less than this long ago is reported ({@link CertificateInUseReport}):
     * the fleet CA then revokes what a renewal replaced. Longer than the CA's {@code replaced-grace} (1 day).
     */
    static final Duration FRESH_CERTIFICATE = Duration.ofDays(2);

    private static final Logger log = LoggerFactory.getLogger(VehicleAccessExtension.class);

    /**
     * What a vehicle connection may use of the broker.
     *
     * @param receiveMaximum messages a vehicle may have in flight towards the broker (MQTT 5 server receive maximum)
     * @param queueSize messages the broker keeps for an offline vehicle
     * @param connectBurst connects a client id may make at once
     * @param connectRefill then one more connect per this interval
     * @param revocationSweep how often open vehicle sessions are checked against a changed CRL
     */
    public record Limits(
            int receiveMaximum, long queueSize, int connectBurst, Duration connectRefill, Duration revocationSweep) {

        /** 10 in flight, 1,000 queued, 10 connects at once then one per second, sessions checked every 500 ms. */
        public static final Limits DEFAULT = new Limits(10, 1_000, 10, Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    private final VehicleAccess access;
    private final Limits limits;
    private final ConnectedClients clients = new ConnectedClients();
    private final Refusals refusals = new Refusals();
    private final ConnectRateLimit connectRate;
    private final String brokerId;
    private final Duration reportInterval;
    private volatile long sweptRevocations = Long.MIN_VALUE;

    /**
     * @param fleetCa the issuer of vehicle certificates
     * @param platformIssuer the issuer of platform client certificates
     * @param revocations which vehicle certificates are revoked (the fleet CA's CRL)
     * @param brokerId this broker node's name in the connected-vehicles report topic
     * @param reportInterval how often the count of connected vehicles is published
     */
    public VehicleAccessExtension(
            X509Certificate fleetCa,
            X509Certificate platformIssuer,
            Revocations revocations,
            String brokerId,
            Duration reportInterval,
            Limits limits) {
        this.access = new VehicleAccess(new VehicleAccess.Issuers(fleetCa, platformIssuer), revocations);
        this.limits = limits;
        this.connectRate = new ConnectRateLimit(limits.connectBurst(), limits.connectRefill(), System::nanoTime);
        this.brokerId = brokerId;
        this.reportInterval = reportInterval;
        ConnectedVehiclesReport.topic(brokerId);
    }

    /** With the default {@link Limits} and the host name ({@code HOSTNAME}, else "broker") as broker id. */
    public VehicleAccessExtension(X509Certificate fleetCa, X509Certificate platformIssuer, Revocations revocations) {
        this(
                fleetCa,
                platformIssuer,
                revocations,
                Objects.requireNonNullElse(System.getenv("HOSTNAME"), "broker"),
                Duration.ofSeconds(10),
                Limits.DEFAULT);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(provider -> (SimpleAuthenticator) this::authenticate);
        VehicleAuthorizer authorizer = new VehicleAuthorizer(clients, refusals, this::reportRefusal);
        Services.securityRegistry().setAuthorizerProvider(provider -> authorizer);
        Services.initializerRegistry()
                .setClientInitializer((initializer, client) -> client.addPublishInboundInterceptor(stamp()));
        Services.eventRegistry().setClientLifecycleEventListener(provider -> clients);
        Services.extensionExecutorService()
                .scheduleAtFixedRate(
                        this::reportConnectedVehicles, 0, reportInterval.toMillis(), TimeUnit.MILLISECONDS);
        Services.extensionExecutorService()
                .scheduleWithFixedDelay(
                        this::sweep,
                        limits.revocationSweep().toMillis(),
                        limits.revocationSweep().toMillis(),
                        TimeUnit.MILLISECONDS);
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
                            .payload(ByteBuffer.wrap(
                                    ConnectedVehiclesReport.payload(clients.vehicles(), refusals.snapshot())))
                            .build());
        } catch (RuntimeException e) {
            log.warn("could not publish the connected-vehicles report: {}", e.toString());
        }
    }

    /** Disconnects the open sessions whose certificate was revoked since the last look; forgets idle rate buckets. */
    private void sweep() {
        try {
            connectRate.forgetIdle();
            long version = access.revocationsVersion();
            if (version == sweptRevocations) {
                return;
            }
            sweptRevocations = version;
            clients.forEachVehicle((clientId, certificate) -> {
                if (access.revoked(certificate)) {
                    refusals.count(VehicleAccess.Refusal.revoked_disconnected);
                    reportRefusedConnect(
                            Optional.of(certificate), VehicleAccess.Refusal.revoked_disconnected, clientId);
                    log.info(
                            "disconnecting {}: certificate {} was revoked",
                            clientId,
                            certificate.getSerialNumber().toString(16));
                    Services.clientService()
                            .disconnectClient(
                                    clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, "certificate revoked");
                }
            });
        } catch (RuntimeException e) {
            log.warn("revocation sweep failed, trying again at the next: {}", e.toString());
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<X509Certificate> certificate =
                certificate(input.getConnectionInformation().getClientTlsInformation());
        if (!connectRate.tryConnect(clientId)) {
            refusals.count(VehicleAccess.Refusal.connect_rate);
            reportRefusedConnect(certificate, VehicleAccess.Refusal.connect_rate, clientId);
            output.failAuthentication(
                    ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "too many connects for client id " + clientId);
            return;
        }
        VehicleAccess.Identity identity = access.identify(certificate, clientId);
        if (identity instanceof VehicleAccess.Identity.Refused(VehicleAccess.Refusal reason, String message)) {
            refusals.count(reason);
            reportRefusedConnect(certificate, reason, clientId);
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, message);
            return;
        }
        if (identity instanceof VehicleAccess.Identity.Vehicle) {
            output.getClientSettings().setClientReceiveMaximum(limits.receiveMaximum());
            output.getClientSettings().setClientQueueSizeMaximum(limits.queueSize());
        }
        clients.admit(clientId, identity, certificate.orElseThrow());
        if (identity instanceof VehicleAccess.Identity.Vehicle(String vin)) {
            reportIfFresh(vin, certificate.orElseThrow());
        }
        output.getDefaultPermissions().addAll(VehicleAccess.permissions(identity));
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        output.authenticateSuccessfully();
    }

    /**
     * Reports a refused connect of a certificate the fleet CA issued (revoked, under another client id, too often) under
     * the certificate's VIN; a connect with any other certificate vouches for no vehicle and is only counted.
     */
    private void reportRefusedConnect(
            Optional<X509Certificate> certificate, VehicleAccess.Refusal refusal, String clientId) {
        access.certifiedVin(certificate)
                .ifPresent(vin -> reportRefusal(new BrokerRefusalReport(vin, refusal.name(), clientId)));
    }

    /** Tells the platform which vehicle was refused what, for its audit log (at least once: QoS 1). */
    private void reportRefusal(BrokerRefusalReport report) {
        try {
            Services.publishService()
                    .publish(Builders.publish()
                            .topic(BrokerRefusalReport.topic(brokerId))
                            .qos(Qos.AT_LEAST_ONCE)
                            .payload(ByteBuffer.wrap(report.payload()))
                            .build());
        } catch (RuntimeException e) {
            log.warn("could not report {}'s refusal ({}): {}", report.vin(), report.refusal(), e.toString());
        }
    }

    /** Tells the platform a vehicle holds a recently issued certificate (at least once: QoS 1). */
    private void reportIfFresh(String vin, X509Certificate certificate) {
        if (certificate.getNotBefore().toInstant().isBefore(Instant.now().minus(FRESH_CERTIFICATE))) {
            return;
        }
        try {
            Services.publishService()
                    .publish(Builders.publish()
                            .topic(CertificateInUseReport.topic(brokerId))
                            .qos(Qos.AT_LEAST_ONCE)
                            .payload(ByteBuffer.wrap(new CertificateInUseReport(
                                            vin, certificate.getSerialNumber().toString(16))
                                    .payload()))
                            .build());
        } catch (RuntimeException e) {
            log.warn("could not report {}'s certificate in use: {}", vin, e.toString());
        }
    }

    private PublishInboundInterceptor stamp() {
        return (PublishInboundInput input, PublishInboundOutput output) -> {
            var properties = output.getPublishPacket().getUserProperties();
            properties.removeName(IDENTITY_PROPERTY);
            if (clients.identity(input.getClientInformation().getClientId())
                    instanceof VehicleAccess.Identity.Vehicle(String vin)) {
                properties.addUserProperty(IDENTITY_PROPERTY, vin);
            }
        };
    }

    private static Optional<X509Certificate> certificate(Optional<ClientTlsInformation> tls) {
        return tls.flatMap(ClientTlsInformation::getClientCertificate);
    }
}
