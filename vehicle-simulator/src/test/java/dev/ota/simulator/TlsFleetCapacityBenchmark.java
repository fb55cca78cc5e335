package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.testsupport.WithRealInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The fleet capacity benchmark with mutual TLS, not part of the normal test run: {@code bench.vehicles} vehicles are
 * provisioned (own EC P-256 key pair, CSR, certificate from an in-process fleet CA) and connect to a secured broker in
 * the same JVM; then all go offline and come back with the certificates they hold (TLS handshake and MQTT connect
 * only). Prints provisioning + first connect, the reconnect rate and the heap per vehicle. Command in
 * docs/vehicle-simulator.md.
 */
@SpringBootTest(
        properties = {"logging.level.dev.ota=WARN", "ota.simulator.uptane.enabled=false", "ota.mqtt.security=mutual-tls"
        })
@WithRealInfrastructure(database = "simulator")
@Import(SecuredFleetTest.InProcessFleetCa.class)
class TlsFleetCapacityBenchmark extends SecuredFleetTest {

    private static final int VEHICLES = Integer.getInteger("bench.vehicles", 1_000);
    private static final long LIMIT_NANOS = Integer.getInteger("bench.limit-seconds", 300) * 1_000_000_000L;

    @Autowired
    Fleet fleet;

    @Test
    void tlsFleetCapacity() throws Exception {
        System.gc();
        long before = usedHeap();
        long start = System.nanoTime();
        List<Vehicle> vehicles = fleet.add(FleetRequest.parked(VEHICLES));
        long online = awaitOnline(vehicles, start);
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(2_000);
        System.gc();
        long perVehicle = (usedHeap() - before) / VEHICLES;

        vehicles.forEach(vehicle -> vehicle.setOnline(false));
        while (vehicles.stream().anyMatch(Vehicle::online)) {
            Thread.sleep(100);
        }
        int issued = SecuredBroker.ISSUED.get();
        long again = System.nanoTime();
        vehicles.forEach(vehicle -> vehicle.setOnline(true));
        long reconnected = awaitOnline(vehicles, again);
        long reconnectMillis = (System.nanoTime() - again) / 1_000_000;

        String report = "date: " + Instant.now() + ", cores: "
                + Runtime.getRuntime().availableProcessors() + ", load average: " + loadAverage()
                + "\nprovisioned (key pair, CSR, certificate) and connected over mutual TLS: " + online + " of "
                + VEHICLES + " after " + firstMillis + " ms (" + rate(online, firstMillis) + " vehicles/s)"
                + "\nreconnected with the certificates they hold (TLS handshake + MQTT connect): " + reconnected
                + " of " + VEHICLES + " after " + reconnectMillis + " ms (" + rate(reconnected, reconnectMillis)
                + " vehicles/s), certificates issued meanwhile: " + (SecuredBroker.ISSUED.get() - issued)
                + "\nheap per simulated vehicle (3 ECUs with keys and slots, key pair, certificate, TLS MQTT session): "
                + perVehicle / 1024 + " KiB\n";
        System.out.println("[tls-fleet-capacity] " + report.replace("\n", "\n[tls-fleet-capacity] "));
        Files.writeString(Path.of("target", "tls-fleet-capacity-benchmark.txt"), report);
        fleet.clear();
        assertThat(online).isEqualTo(VEHICLES);
        assertThat(reconnected).isEqualTo(VEHICLES);
    }

    private static long awaitOnline(List<Vehicle> vehicles, long start) throws InterruptedException {
        long online;
        while ((online = vehicles.stream().filter(Vehicle::online).count()) < vehicles.size()
                && System.nanoTime() - start < LIMIT_NANOS) {
            Thread.sleep(100);
        }
        return online;
    }

    private static long rate(long vehicles, long millis) {
        return millis == 0 ? 0 : vehicles * 1000 / millis;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
