package dev.ota.simulator.link;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulator provisions its vehicles' certificates ({@code ota.simulator.provisioning.*}).
 *
 * @param fleetCaUrl the fleet CA's REST API (signing-service), with a trailing slash
 * @param tokenUrl the authorization server's token endpoint
 * @param clientId the simulator's machine client (role VEHICLE_PROVISIONER)
 * @param batchSize the most CSRs in one request to the CA
 * @param retry how long to wait before sending a batch again when the CA could not be reached
 * @param renewBelow a vehicle renews its certificate over MQTT once less than this fraction of its validity remains
 *     (0 to 1, exclusive; 0.2: with a one-year certificate, about 73 days before it ends)
 */
@ConfigurationProperties("ota.simulator.provisioning")
record ProvisioningProperties(
        @DefaultValue("http://127.0.0.1:8081/api/v1/fleet-ca/")
        URI fleetCaUrl,

        @DefaultValue("http://127.0.0.1:9000/oauth2/token") URI tokenUrl,
        @DefaultValue("vehicle-simulator") String clientId,
        @DefaultValue("simulator-secret") String clientSecret,
        @DefaultValue("200") int batchSize,
        @DefaultValue("PT2S") Duration retry,
        @DefaultValue("0.2") double renewBelow) {

    ProvisioningProperties {
        if (batchSize < 1 || batchSize > 500) {
            throw new IllegalArgumentException("ota.simulator.provisioning.batch-size must be within 1..500");
        }
        if (!(renewBelow > 0 && renewBelow < 1)) {
            throw new IllegalArgumentException(
                    "ota.simulator.provisioning.renew-below must be a fraction between 0 and 1, got " + renewBelow);
        }
    }
}
