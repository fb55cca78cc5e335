package dev.ota.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * A single-node Kafka (KRaft, combined broker and controller) whose log lives in a directory that survives restarts:
 * the local platform keeps its topics, offsets and in-flight events between runs. The directory is formatted once.
 */
public final class PersistentKafkaServer implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private PersistentKafkaServer(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the broker, formatting the log directory on first use, and creates the topics that do not exist yet.
     *
     * @param port client listener port on 127.0.0.1
     * @param logDirectory where the log is kept
     */
    public static PersistentKafkaServer start(int port, Path logDirectory, int partitions, String... topics) {
        int controllerPort = FreePorts.pick();
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
        try {
            Files.createDirectories(logDirectory);
            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                format(properties, logDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka log directory not usable: " + logDirectory, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        createMissingTopics(bootstrap, partitions, topics);
        return new PersistentKafkaServer(server, bootstrap);
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

    private static void createMissingTopics(String bootstrap, int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
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

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
