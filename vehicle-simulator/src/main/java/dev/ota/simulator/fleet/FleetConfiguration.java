package dev.ota.simulator.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    FaultBook faultBook() {
        return new FaultBook();
    }

    @Bean(destroyMethod = "clear")
    Fleet fleet(
            SimulatorProperties properties,
            FaultBook faults,
            Uptane uptane,
            VehicleLink.Factory links,
            MeterRegistry meters) {
        FleetContext context = new FleetContext(
                properties.timing(),
                faults,
                uptane,
                properties.director(),
                Clock.systemUTC(),
                ThreadLocalRandom.current());
        Fleet fleet = new Fleet(context, links, properties.maxVehicles());
        Gauge.builder("ota.simulator.vehicles", fleet, Fleet::size)
                .description("simulated vehicles in this process")
                .register(meters);
        Gauge.builder(
                        "ota.simulator.vehicles.online",
                        fleet,
                        f -> f.vehicles().stream().filter(Vehicle::online).count())
                .description("simulated vehicles with a connected MQTT session")
                .register(meters);
        return fleet;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService motion(Fleet fleet, SimulatorProperties properties) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("fleet-motion").factory());
        long tick = properties.timing().motionTick().toMillis();
        ticker.scheduleAtFixedRate(() -> fleet.move(tick / 1000.0), tick, tick, TimeUnit.MILLISECONDS);
        return ticker;
    }

    /** Each second, the vehicles whose director ask is due ask (each on its own schedule, see {@link Vehicle}). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService directorAsks(Fleet fleet, SimulatorProperties properties) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("fleet-director-asks").factory());
        if (properties.director().ask()) {
            ticker.scheduleWithFixedDelay(fleet::askDirectorWhereDue, 1, 1, TimeUnit.SECONDS);
        }
        return ticker;
    }
}
