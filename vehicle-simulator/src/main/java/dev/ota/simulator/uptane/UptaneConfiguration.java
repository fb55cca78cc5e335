package dev.ota.simulator.uptane;

import dev.ota.simulator.fleet.SimulatorProperties;
import dev.ota.simulator.fleet.Uptane;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class UptaneConfiguration {

    @Bean
    TrustAnchors trustAnchors(SimulatorProperties properties) throws IOException {
        TrustAnchors anchors = new TrustAnchors();
        var uptane = properties.uptane();
        if (uptane.imageRoot() != null && uptane.directorRoot() != null) {
            anchors.provision(Files.readAllBytes(uptane.imageRoot()), Files.readAllBytes(uptane.directorRoot()));
        }
        return anchors;
    }

    @Bean
    Uptane vehicleUptane(SimulatorProperties properties, TrustAnchors anchors) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return new VehicleUptane(properties.uptane(), anchors, http, Clock.systemUTC());
    }
}
