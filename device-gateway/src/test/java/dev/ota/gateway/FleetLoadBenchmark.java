package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.RealInfrastructure;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.reactivex.schedulers.Schedulers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Fleet load benchmark, not part of the normal test run (run it by name, see docs/device-gateway.md). On this machine,
 * in one JVM: the embedded Kafka and HiveMQ, the gateway, and {@code bench.vehicles} vehicles, each its own MQTT
 * session. Five phases, each bounded in count and time, all on loopback; every figure carries the load average, and
 * the throughput and latency phases the JVM's CPU time per message split by part ({@link CpuByPart}):
 *
 * <ol>
 *   <li>connect all vehicles at once and keep them connected (heap per connected vehicle client);
 *   <li>warm-up: {@code bench.warmup-rate} msgs/s for {@code bench.warmup-seconds}, not measured;
 *   <li>throughput: {@code bench.messages} status reports published as fast as the bounded in-flight window allows,
 *       timed until the last one is read back from Kafka;
 *   <li>optional sweep ({@code bench.sweep}, e.g. {@code 1000,2000,5000,10000}): each rate for
 *       {@code bench.sweep-seconds}, ascending, stopped at the first one not sustained;
 *   <li>latency: {@code bench.rate} messages/s for {@code bench.seconds}; per message the time from MQTT publish to
 *       the record being read from Kafka (an upper bound of publish to Kafka acknowledgement), and the gateway's own
 *       send-to-acknowledgement timer.
 * </ol>
 */
@SpringBootTest(properties = {"logging.level.dev.ota=WARN", "ota.gateway.uplink.require-broker-identity=false"})
@WithRealInfrastructure(database = "gateway")
class FleetLoadBenchmark {

    private static final int VEHICLES = Integer.getInteger("bench.vehicles", 10_000);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 200_000);
    private static final int RATE = Integer.getInteger("bench.rate", 10_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int IN_FLIGHT = Integer.getInteger("bench.in-flight", 4_000);
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(Integer.getInteger("bench.limit-seconds", 180));
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    /** Offered rates (msgs/s) for the optional sweep after phase 3, e.g. {@code 2000,5000,10000,20000}; none when empty. */
    private static final String SWEEP = System.getProperty("bench.sweep", "");

    private static final int SWEEP_SECONDS = Integer.getInteger("bench.sweep-seconds", 5);

    /**
     * Paced traffic before anything is measured, so that the JIT has compiled the hot paths: without it the compiler
     * threads took 200-400 us of CPU per message during the measured phases (2026-11-27).
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 30);

    private static final int WARMUP_RATE = Integer.getInteger("bench.warmup-rate", 1_000);

    /**
     * The vehicles' network and callback threads, apart from the gateway's (which use the MQTT client's defaults), so
     * that {@link CpuByPart} can tell the two sides apart.
     */
    private static final MqttClientExecutorConfig VEHICLE_THREADS = MqttClientExecutorConfig.builder()
            .nettyExecutor(Executors.newFixedThreadPool(
                    2, Thread.ofPlatform().name("vehicle-net-", 1).daemon(true).factory()))
            .nettyThreads(2)
            .applicationScheduler(Schedulers.from(Executors.newFixedThreadPool(
                    2, Thread.ofPlatform().name("vehicle-app-", 1).daemon(true).factory())))
            .build();

    @Autowired
    MeterRegistry meters;

    private final Map<UUID, Integer> sequence = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private AtomicLongArray sentAt = new AtomicLongArray(1);
    private AtomicLongArray receivedAt = new AtomicLongArray(1);

    @Test
    void fleetLoad() throws Exception {
        List<String> report = new ArrayList<>();
        report.add("date: " + Instant.now() + ", cores: " + Runtime.getRuntime().availableProcessors() + ", vehicles: "
                + VEHICLES + ", " + loadAverage());

        // 1. the fleet connects and stays connected
        String tag = tag();
        System.gc();
        long heapBefore = usedHeap();
        long connectStart = System.nanoTime();
        List<Mqtt5AsyncClient> vehicles = connect(tag);
        long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
        System.gc();
        long heapPerVehicle = (usedHeap() - heapBefore) / VEHICLES;
        long connected =
                vehicles.stream().filter(c -> c.getState().isConnected()).count();
        report.add("connected at once: " + connected + " of " + VEHICLES + " in " + connectMillis + " ms; heap per"
                + " connected vehicle client: " + heapPerVehicle / 1024 + " KiB");

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = Thread.ofPlatform().name("bench-reader").start(() -> read(consumer, reading));
            try {
                if (WARMUP_SECONDS > 0) {
                    int warmup = WARMUP_RATE * WARMUP_SECONDS;
                    publish(vehicles, tag, prepare(vehicles.size(), tag, warmup), WARMUP_RATE);
                    boolean warm = awaitReceived(warmup);
                    report.add("warm-up: " + received.get() + " of " + warmup + " messages at " + WARMUP_RATE
                            + " msgs/s" + (warm ? "" : " (phase limit reached)") + "; " + loadAverage());
                }

                // 2. throughput
                List<byte[]> payloads = prepare(vehicles.size(), tag, MESSAGES);
                CpuByPart cpuBefore = CpuByPart.now();
                long start = System.nanoTime();
                publish(vehicles, tag, payloads, 0);
                boolean all = awaitReceived(MESSAGES);
                double seconds = (System.nanoTime() - start) / 1e9;
                String burstCpu = CpuByPart.now().costPerMessage(cpuBefore, received.get(), seconds);
                report.add(String.format(
                        "throughput: %d of %d messages MQTT -> gateway -> Kafka in %.2f s = %.0f msgs/s%s; %s",
                        received.get(),
                        MESSAGES,
                        seconds,
                        received.get() / seconds,
                        all ? "" : " (phase limit reached)",
                        loadAverage()));
                report.add("burst " + burstCpu);

                // 3. optional sweep of ascending offered rates, stopped at the first the chain does not sustain (its
                // backlog would distort every later figure): the highest rate carried without a growing backlog
                for (String step : SWEEP.split(",")) {
                    if (step.isBlank()) {
                        continue;
                    }
                    int rate = Integer.parseInt(step.strip());
                    Sweep result = sweep(vehicles, tag, rate);
                    report.add(result.line());
                    System.out.println("[fleet-load] " + result.line());
                    if (!result.sustained()) {
                        break;
                    }
                }

                // 4. latency at a fixed rate
                int count = RATE * SECONDS;
                payloads = prepare(vehicles.size(), tag, count);
                Timer gatewayTimer = meters.find("ota.gateway.kafka.send").timer();
                long gatewayCountBefore = gatewayTimer == null ? 0 : gatewayTimer.count();
                CpuByPart pacedCpuBefore = CpuByPart.now();
                long paced = System.nanoTime();
                publish(vehicles, tag, payloads, RATE);
                double actualRate = count / ((System.nanoTime() - paced) / 1e9);
                boolean allPaced = awaitReceived(count);
                String pacedCpu = CpuByPart.now()
                        .costPerMessage(pacedCpuBefore, received.get(), (System.nanoTime() - paced) / 1e9);
                long[] latencies = new long[count];
                for (int i = 0; i < count; i++) {
                    long got = receivedAt.get(i);
                    latencies[i] = got == 0 ? Long.MAX_VALUE : got - sentAt.get(i);
                }
                Arrays.sort(latencies);
                if (!allPaced) {
                    report.add("latency phase: only " + received.get() + " of " + count
                            + " read back within the limit; missing ones count as infinite");
                }
                report.add(String.format(
                        "latency at %d msgs/s offered (%.0f achieved) for %d s, MQTT publish -> record read from"
                                + " Kafka: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %s",
                        RATE,
                        actualRate,
                        SECONDS,
                        latencies[count / 2] / 1e6,
                        latencies[(int) (count * 0.99)] / 1e6,
                        latencies[count - 1] / 1e6,
                        loadAverage()));
                report.add("latency phase " + pacedCpu);
                if (gatewayTimer != null) {
                    StringBuilder gateway = new StringBuilder("gateway send -> Kafka ack (whole run, "
                            + (gatewayTimer.count() - gatewayCountBefore) + " in phase 3):");
                    for (ValueAtPercentile p : gatewayTimer.takeSnapshot().percentileValues()) {
                        gateway.append(
                                String.format(" p%.0f %.1f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
                    }
                    report.add(gateway.toString());
                }

            } finally {
                reading.set(false);
                reader.join(5_000);
            }
        } finally {
            vehicles.forEach(c -> c.disconnect().exceptionally(e -> null));
        }
        report.forEach(line -> System.out.println("[fleet-load] " + line));
        Files.writeString(Path.of("target", "fleet-load-benchmark.txt"), String.join("\n", report) + "\n");
        assertThat(connected).isEqualTo(VEHICLES);
    }

    private record Sweep(String line, boolean sustained) {}

    /**
     * One sweep step: {@code rate} msgs/s offered for the sweep duration; achieved rate and latency percentiles.
     * Sustained when everything was read back and the p99 stayed under a second.
     */
    private Sweep sweep(List<Mqtt5AsyncClient> vehicles, String tag, int rate) throws InterruptedException {
        int count = rate * SWEEP_SECONDS;
        List<byte[]> payloads = prepare(vehicles.size(), tag, count);
        long start = System.nanoTime();
        publish(vehicles, tag, payloads, rate);
        double offered = count / ((System.nanoTime() - start) / 1e9);
        boolean all = awaitReceived(count);
        double drained = received.get() / ((System.nanoTime() - start) / 1e9);
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long got = receivedAt.get(i);
            latencies[i] = got == 0 ? Long.MAX_VALUE : got - sentAt.get(i);
        }
        Arrays.sort(latencies);
        boolean sustained = all && latencies[(int) (count * 0.99)] < 1_000_000_000L;
        return new Sweep(
                String.format(
                        "sweep %d msgs/s offered (%.0f published) for %d s: %d of %d into Kafka, %.0f msgs/s until the last"
                                + " was read back; publish -> read back p50 %.1f ms, p99 %.1f ms%s; %s",
                        rate,
                        offered,
                        SWEEP_SECONDS,
                        received.get(),
                        count,
                        drained,
                        latencies[count / 2] / 1e6,
                        latencies[(int) (count * 0.99)] / 1e6,
                        all ? "" : " (phase limit reached)",
                        loadAverage()),
                sustained);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "load average unknown";
        }
    }

    private List<Mqtt5AsyncClient> connect(String tag) {
        Semaphore connecting = new Semaphore(200);
        List<Mqtt5AsyncClient> clients = new ArrayList<>(VEHICLES);
        for (int i = 0; i < VEHICLES; i++) {
            Mqtt5AsyncClient client = Mqtt5Client.builder()
                    .executorConfig(VEHICLE_THREADS)
                    .identifier(vin(tag, i))
                    .serverHost(RealInfrastructure.get().mqttHost())
                    .serverPort(RealInfrastructure.get().mqttPort())
                    .buildAsync();
            connecting.acquireUninterruptibly();
            client.connectWith()
                    .cleanStart(false)
                    .sessionExpiryInterval(600)
                    .send()
                    .whenComplete((ack, failure) -> connecting.release());
            clients.add(client);
        }
        connecting.acquireUninterruptibly(200);
        return clients;
    }

    private List<byte[]> prepare(int vehicles, String tag, int count) {
        sequence.clear();
        received.set(0);
        sentAt = new AtomicLongArray(count);
        receivedAt = new AtomicLongArray(count);
        List<byte[]> payloads = new ArrayList<>(count);
        UUID assignment = UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String vin = vin(tag, i % vehicles);
            // on Kafka the record carries the platform's id for it, derived from the VIN and the vehicle's own id
            sequence.put(VehicleEventIds.derive(vin, id), i);
            payloads.add(EventCodec.encode(
                    new UpdateProgress(id, Instant.now(), vin, assignment, null, InstallPhase.DOWNLOADING, null)));
        }
        return payloads;
    }

    /** Publishes each payload from its vehicle; paced at {@code rate} per second, or as fast as the window allows. */
    private void publish(List<Mqtt5AsyncClient> vehicles, String tag, List<byte[]> payloads, int rate) {
        Semaphore window = new Semaphore(IN_FLIGHT);
        long start = System.nanoTime();
        long deadline = start + PHASE_LIMIT.toNanos();
        for (int i = 0; i < payloads.size(); i++) {
            if (rate > 0) {
                // parked, not spinning: a spinning publisher would take one of the machine's two cores from the
                // broker, Kafka and the gateway it measures; a late wake-up is caught up by the following messages
                long wait = start + (long) i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("publishing exceeded " + PHASE_LIMIT);
            }
            window.acquireUninterruptibly();
            int vehicle = i % vehicles.size();
            sentAt.set(i, System.nanoTime());
            vehicles.get(vehicle)
                    .publishWith()
                    .topic(MqttTopics.topic(vin(tag, vehicle), MqttTopics.Channel.STATUS))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payloads.get(i))
                    .send()
                    .whenComplete((result, failure) -> window.release());
        }
    }

    private void read(KafkaConsumer<String, byte[]> consumer, AtomicBoolean reading) {
        while (reading.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                var header = record.headers().lastHeader(Headers.EVENT_ID);
                if (header == null) {
                    continue;
                }
                Integer index = sequence.get(UUID.fromString(new String(header.value(), StandardCharsets.UTF_8)));
                if (index != null && receivedAt.compareAndSet(index, 0, now)) {
                    received.incrementAndGet();
                }
            }
        }
    }

    /** Waits until {@code count} messages were read back from Kafka; false when the phase limit passed first. */
    private boolean awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (received.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaTestClient.harness(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                "5",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                "5000",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.VEHICLE_REPORTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static String tag() {
        StringBuilder tag = new StringBuilder("BN");
        for (int i = 0; i < 5; i++) {
            tag.append(ALPHABET.charAt((int) (Math.random() * ALPHABET.length())));
        }
        return tag.toString();
    }

    private static String vin(String tag, int n) {
        char[] tail = new char[10];
        for (int i = tail.length - 1; i >= 0; i--) {
            tail[i] = ALPHABET.charAt(n % ALPHABET.length());
            n /= ALPHABET.length();
        }
        return tag + new String(tail);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
