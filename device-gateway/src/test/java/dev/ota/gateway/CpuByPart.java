package dev.ota.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time spent by each part of the load benchmark's single JVM (broker, Kafka, MQTT clients, gateway, the
 * benchmark's own publisher and reader, garbage collection, JIT) between two snapshots, read from Linux's per-thread
 * accounting ({@code /proc/self/task/<tid>/stat}: user + system time, so socket calls count; thread names are the
 * first 15 characters of the Java names). Threads that ended between the snapshots are in the difference to the
 * process's own CPU time. Divided by the messages carried it is the chain's CPU cost per message, and the number of
 * cores divided by that cost is the most this machine could carry with every core busy.
 */
final class CpuByPart {

    private record Part(String name, Predicate<String> threads) {}

    private static final List<Part> PARTS = List.of(
            new Part(
                    "broker",
                    name -> name.startsWith("hivemq-")
                            || name.startsWith("embedded-hivem")
                            || name.startsWith("single-writer")),
            new Part(
                    "Kafka broker",
                    name -> name.startsWith("data-plane-kafk")
                            || name.startsWith("kafka-")
                                    && !name.startsWith("kafka-producer")
                                    && !name.startsWith("kafka-coordina")
                            || Stream.of("quorum-", "group-coordina", "executor-", "broker-", "controller-", "raft")
                                    .anyMatch(name::startsWith)),
            new Part("simulated vehicles' MQTT clients", name -> name.startsWith("vehicle-")),
            new Part(
                    "gateway's MQTT sessions",
                    name -> name.startsWith("com.hivemq.clie") || name.startsWith("RxComputation")),
            new Part(
                    "gateway (receive, validate, Kafka producer)",
                    name -> name.startsWith("uplink-") || name.startsWith("kafka-producer")),
            new Part(
                    "benchmark publisher and reader",
                    // the test's main thread is the process's first, which Linux names after the command
                    name -> name.equals("main") || name.equals("java") || name.startsWith("bench-")),
            new Part(
                    "garbage collection",
                    name -> name.startsWith("GC Thread")
                            || name.startsWith("VM Thread")
                            || name.startsWith("G1 ")
                            || name.startsWith("GC ")),
            new Part("JIT compilers", name -> name.contains("CompilerThre")));

    private static final String OTHER = "other threads";

    private static final long TICKS_PER_SECOND = 100;

    private final Map<String, Long> threadTicks;
    private final Map<String, String> threadNames;
    private final long processTicks;

    private CpuByPart(Map<String, Long> threadTicks, Map<String, String> threadNames, long processTicks) {
        this.threadTicks = threadTicks;
        this.threadNames = threadNames;
        this.processTicks = processTicks;
    }

    static CpuByPart now() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    ticks.put(task.getFileName().toString(), cpuTicks(Files.readString(task.resolve("stat"))));
                    names.put(task.getFileName().toString(), name);
                } catch (IOException ended) {
                    // the thread ended while being read: it counts with the process
                }
            }
            return new CpuByPart(ticks, names, cpuTicks(Files.readString(Path.of("/proc/self/stat"))));
        } catch (IOException e) {
            throw new IllegalStateException("per-thread CPU times need Linux /proc", e);
        }
    }

    /** utime + stime of a {@code stat} line; the command name in parentheses may hold spaces. */
    private static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** One line: process CPU per message, its split over the parts, and the ceiling that cost implies. */
    String costPerMessage(CpuByPart before, long messages, double wallSeconds) {
        Map<String, Long> byPart = new LinkedHashMap<>();
        PARTS.forEach(part -> byPart.put(part.name(), 0L));
        Map<String, Long> unattributed = new HashMap<>();
        long attributed = 0;
        for (Map.Entry<String, Long> thread : threadTicks.entrySet()) {
            long spent = thread.getValue() - before.threadTicks.getOrDefault(thread.getKey(), 0L);
            String name = threadNames.get(thread.getKey());
            String part = PARTS.stream()
                    .filter(p -> p.threads().test(name))
                    .map(Part::name)
                    .findFirst()
                    .orElse(OTHER);
            if (part.equals(OTHER)) {
                unattributed.merge(name.replaceAll("\\d+", "N"), spent, Long::sum);
            }
            byPart.merge(part, spent, Long::sum);
            attributed += spent;
        }
        long process = processTicks - before.processTicks;
        byPart.put("threads that ended", Math.max(0, process - attributed));
        int cores = Runtime.getRuntime().availableProcessors();
        double perMessageMicros = micros(process) / messages;
        StringBuilder line = new StringBuilder(String.format(
                "CPU: %.2f cores busy over %.1f s; %.0f us per message in this JVM (ceiling with all %d cores: %.0f"
                        + " msgs/s); per part, us per message:",
                process / (double) TICKS_PER_SECOND / wallSeconds,
                wallSeconds,
                perMessageMicros,
                cores,
                cores * 1e6 / perMessageMicros));
        byPart.forEach((part, ticks) -> line.append(String.format(" %s %.0f;", part, micros(ticks) / messages)));
        line.append(" most of the other threads:");
        unattributed.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(4)
                .forEach(thread ->
                        line.append(String.format(" %s %.0f;", thread.getKey(), micros(thread.getValue()) / messages)));
        return line.toString();
    }

    private static double micros(long ticks) {
        return ticks * 1e6 / TICKS_PER_SECOND;
    }
}
