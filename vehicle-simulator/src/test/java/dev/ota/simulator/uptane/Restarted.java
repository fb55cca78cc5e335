package dev.ota.simulator.uptane;

import dev.ota.simulator.fleet.SimulatorProperties;
import dev.ota.simulator.fleet.Uptane;
import java.net.http.HttpClient;
import java.time.Clock;

/** The vehicles' Uptane as a new simulator process starts it: nothing in memory, only what the trust directory holds. */
public final class Restarted {

    private Restarted() {}

    public static Uptane uptane(SimulatorProperties.Uptane settings, TrustAnchors anchors) {
        return new VehicleUptane(
                settings,
                anchors,
                HttpClient.newHttpClient(),
                Clock.systemUTC(),
                UptaneConfiguration.slotImages(settings));
    }
}
