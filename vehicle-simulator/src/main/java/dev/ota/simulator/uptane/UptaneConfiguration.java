package dev.ota.simulator.uptane;

import dev.ota.simulator.fleet.SimulatorProperties;
import dev.ota.simulator.fleet.Uptane;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return new VehicleUptane(
                properties.uptane(), anchors, http, Clock.systemUTC(), slotImages(properties.uptane()));
    }

    /** The slots' bytes, in the configured directory or a temporary one. */
    static SlotImages slotImages(SimulatorProperties.Uptane settings) {
        try {
            Path dir = settings.slotDirectory();
            return new SlotImages(dir != null ? dir : Files.createTempDirectory("ota-slot-images-"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
