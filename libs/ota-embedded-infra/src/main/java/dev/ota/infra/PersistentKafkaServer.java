package dev.ota.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;
import org.jspecify.annotations.Nullable;

/**
 * A single-node Kafka (KRaft, combined broker and controller) whose log lives in a directory that survives restarts:
 * the local platform keeps its topics, offsets and in-flight events between runs. The directory is formatted once.
 *
 * <p>The broker can be stopped and started again while clients keep running ({@link #stop()}, {@link #startAgain()}):
 * the same client port, the same controller port (the single voter's endpoint stays what the quorum recorded) and the
 * same log directory, so producers and consumers reconnect to a broker that still has every record and committed
 * offset. A restart builds a new {@link KafkaRaftServer} in this JVM; the Yammer metrics the stopped one left in the
 * JVM-wide registry are dropped first, so the new server's gauges are its own and not the stopped server's.
 */
public final class PersistentKafkaServer implements AutoCloseable {

    private static final Duration PORT_FREE_TIMEOUT = Duration.ofSeconds(60);

    /** How often a start on picked ports is tried before a bind failure is final. */
    private static final int PORT_ATTEMPTS = 5;

    private final Properties properties;
    private final int port;
    private final int controllerPort;
    private final String bootstrapServers;
    private final Map<String, Object> adminProperties;
    private @Nullable KafkaRaftServer server;
    private @Nullable KafkaRaftServer starting;

    private PersistentKafkaServer(
            Properties properties, int port, int controllerPort, Map<String, Object> adminProperties) {
        this.properties = properties;
        this.adminProperties = adminProperties;
        this.port = port;
        this.controllerPort = controllerPort;
        this.bootstrapServers = "127.0.0.1:" + port;
    }

    /**
     * Starts the broker, formatting the log directory on first use, and creates the topics that do not exist yet.
     *
     * @param port client listener port on 127.0.0.1, or 0 for a free one (picked again if it is taken before Kafka binds it)
     * @param logDirectory where the log is kept
     */
    public static PersistentKafkaServer start(int port, Path logDirectory, int partitions, String... topics) {
        return start(port, logDirectory, partitions, null, topics);
    }

    /**
     * Starts the broker as {@link #start(int, Path, int, String...)} does; with {@code security}, every listener
     * (clients, inter-broker, controller) is mutual TLS, the standard authorizer allows only what the security's grants
     * say, and the grants are applied (added and removed to match exactly) before this returns.
     */
    public static PersistentKafkaServer start(
            int port, Path logDirectory, int partitions, @Nullable KafkaSecurity security, String... topics) {
        for (int attempt = 1; ; attempt++) {
            int clientPort = port == 0 ? FreePorts.pick() : port;
            int controllerPort = FreePorts.pick();
            PersistentKafkaServer kafka = configure(clientPort, controllerPort, logDirectory, partitions, security);
            try {
                kafka.startServer();
            } catch (RuntimeException failed) {
                // a port picked free can be taken (by a client's ephemeral port, a server starting beside this one)
                // before Kafka binds it: try again on new ports
                if (!isBindFailure(failed) || attempt == PORT_ATTEMPTS) {
                    throw failed;
                }
                kafka.abandon();
                continue;
            }
            createMissingTopics(kafka.admin(), partitions, topics);
            if (security != null) {
                try (Admin admin = kafka.admin()) {
                    security.applyGrants(admin);
                }
            }
            return kafka;
        }
    }

    private static PersistentKafkaServer configure(
            int port, int controllerPort, Path logDirectory, int partitions, @Nullable KafkaSecurity security) {
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDirectory.toAbsolutePath().toString()),
                Map.entry("num.partitions", String.valueOf(partitions)),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "10"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.retention.hours", "168")));
        if (security != null) {
            properties.putAll(security.brokerProperties(port, controllerPort));
        }
        try {
            Files.createDirectories(logDirectory);
            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                format(properties, logDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka log directory not usable: " + logDirectory, e);
        }
        Map<String, Object> adminProperties =
                security == null ? Map.of() : Map.copyOf(security.adminClientProperties());
        return new PersistentKafkaServer(properties, port, controllerPort, adminProperties);
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Shuts down a server whose start failed, so the ports it did bind are free again. */
    private void abandon() {
        KafkaRaftServer failed = starting;
        starting = null;
        if (failed != null) {
            try {
                failed.shutdown();
                failed.awaitShutdown();
            } catch (RuntimeException ignored) {
                // it never served; what is left is released with the JVM
            }
        }
        dropStoppedServerMetrics();
    }

    private static void format(Properties properties, Path logDirectory) throws IOException {
        Path config = Files.createTempFile("ota-kafka", ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "OTA local platform");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        Files.deleteIfExists(config);
        if (status != 0) {
            throw new IllegalStateException(
                    "could not format " + logDirectory + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void createMissingTopics(Admin connection, int partitions, String... topics) {
        try (Admin admin = connection) {
            List<NewTopic> wanted = new ArrayList<>();
            for (String topic : topics) {
                wanted.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(wanted).values().forEach((topic, result) -> {
                try {
                    result.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("could not create topic " + topic, e);
                }
            });
        }
    }

    /** An admin client of this broker, authenticated as the broker itself when it is secured. */
    private Admin admin() {
        Map<String, Object> config = new java.util.HashMap<>(adminProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return Admin.create(config);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Shuts the broker down gracefully (as a rolling restart would: logs flushed, clean shutdown marker written) and
     * waits until its listeners are closed. Clients see the broker gone. Does nothing when it is already stopped.
     */
    public synchronized void stop() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        running.shutdown();
        running.awaitShutdown();
        dropStoppedServerMetrics();
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same ports and log directory; returns once it serves
     * metadata requests again. Does nothing when it is running.
     */
    public synchronized void startAgain() {
        if (server != null) {
            return;
        }
        startServer();
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer after its restart", e);
        }
    }

    private void startServer() {
        awaitBindable(port);
        awaitBindable(controllerPort);
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        starting = started;
        started.startup();
        starting = null;
        server = started;
    }

    /**
     * Waits until the port can be bound again. Kafka binds with SO_REUSEADDR, so connections of the stopped broker in
     * TIME_WAIT do not block it; this only guards against a listener that is still being closed.
     */
    private static void awaitBindable(int port) {
        long deadline = System.nanoTime() + PORT_FREE_TIMEOUT.toNanos();
        while (true) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (IOException busy) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("port " + port + " still in use after " + PORT_FREE_TIMEOUT, busy);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for port " + port, e);
                }
            }
        }
    }

    /**
     * Kafka's server-side metrics live in one JVM-wide Yammer registry. A shut-down server removes most of its own,
     * but not all, and a metric left behind keeps its gauge bound to the stopped server's objects: the next server's
     * {@code newGauge} would return that stale gauge instead of registering its own.
     */
    private static void dropStoppedServerMetrics() {
        var registry = KafkaYammerMetrics.defaultRegistry();
        List.copyOf(registry.allMetrics().keySet()).forEach(registry::removeMetric);
    }

    @Override
    public void close() {
        stop();
    }
}
