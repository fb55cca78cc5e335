package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.testsupport.WithRealInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Fleet capacity benchmark, not part of the normal test run: {@code bench.vehicles} simulated vehicles (each with a
 * primary and two secondaries, their keys, slots and its own MQTT session) connected to the real broker at once, and
 * the heap they take. Bounded by {@code bench.limit-seconds}. Command in docs/vehicle-simulator.md.
 */
@SpringBootTest(properties = {"logging.level.dev.ota=WARN", "ota.simulator.uptane.enabled=false"})
@WithRealInfrastructure(database = "simulator")
class FleetCapacityBenchmark {

    private static final int VEHICLES = Integer.getInteger("bench.vehicles", 10_000);
    private static final Duration LIMIT = Duration.ofSeconds(Integer.getInteger("bench.limit-seconds", 300));

    @Autowired
    Fleet fleet;

    @Test
    void fleetCapacity() throws Exception {
        System.gc();
        long before = usedHeap();
        long start = System.nanoTime();
        List<Vehicle> vehicles = fleet.add(FleetRequest.parked(VEHICLES));
        long deadline = start + LIMIT.toNanos();
        long online;
        while ((online = vehicles.stream().filter(Vehicle::online).count()) < VEHICLES
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(2_000);
        System.gc();
        long perVehicle = (usedHeap() - before) / VEHICLES;
        String report = "date: " + Instant.now() + ", cores: "
                + Runtime.getRuntime().availableProcessors()
                + "\nsimulated vehicles online at once: " + online + " of " + VEHICLES + " after " + millis + " ms"
                + "\nheap per simulated vehicle (3 ECUs with keys and slots, MQTT session): " + perVehicle / 1024
                + " KiB\n";
        System.out.println("[fleet-capacity] " + report.replace("\n", "\n[fleet-capacity] "));
        Files.writeString(Path.of("target", "fleet-capacity-benchmark.txt"), report);
        fleet.clear();
        assertThat(online).isEqualTo(VEHICLES);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
