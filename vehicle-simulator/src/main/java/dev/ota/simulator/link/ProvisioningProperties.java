package dev.ota.simulator.link;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulator provisions its vehicles' certificates ({@code ota.simulator.provisioning.*}).
 *
 * @param fleetCaUrl the fleet CA's REST API (device-gateway), with a trailing slash
 * @param tokenUrl the authorization server's token endpoint
 * @param clientId the simulator's machine client (role VEHICLE_PROVISIONER)
 * @param batchSize the most CSRs in one request to the CA
 * @param retry how long to wait before sending a batch again when the CA could not be reached
 */
@ConfigurationProperties("ota.simulator.provisioning")
record ProvisioningProperties(
        @DefaultValue("http://127.0.0.1:8083/api/v1/fleet-ca/")
        URI fleetCaUrl,

        @DefaultValue("http://127.0.0.1:9000/oauth2/token") URI tokenUrl,
        @DefaultValue("vehicle-simulator") String clientId,
        @DefaultValue("simulator-secret") String clientSecret,
        @DefaultValue("200") int batchSize,
        @DefaultValue("PT2S") Duration retry) {

    ProvisioningProperties {
        if (batchSize < 1 || batchSize > 500) {
            throw new IllegalArgumentException("ota.simulator.provisioning.batch-size must be within 1..500");
        }
    }
}
