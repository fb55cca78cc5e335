package dev.ota.systemtests;

import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A test's own simulated vehicles: created in the simulator, registered in the campaign registry under the test's tag
 * (campaigns target {@code tag==<tag>}), manifests reported. Tests never share vehicles.
 */
record TestFleet(String tag, List<FleetVehicle> vehicles) {

    static TestFleet create(String tag, int count) {
        OtaStory story = RunningPlatform.story();
        List<FleetVehicle> vehicles = story.createFleet(count, List.of("Sim-S"), List.of("EU"));
        story.register(vehicles, tag, Duration.ofMinutes(2), line -> System.out.println("[" + tag + "] " + line));
        return new TestFleet(tag, vehicles);
    }

    Set<String> vins() {
        return OtaStory.vins(vehicles);
    }

    String query() {
        return "tag==" + tag;
    }

    /** The vehicles as the simulator shows them now. */
    List<FleetVehicle> now() {
        return RunningPlatform.story().simulatedVehicles(vins());
    }
}
