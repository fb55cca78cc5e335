package dev.ota.launcher;

import dev.ota.contracts.AssignmentKeyFiles;
import dev.ota.contracts.KafkaAccess;
import dev.ota.pki.PlatformKeyStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: embedded PostgreSQL, Kafka and MQTT in this JVM, every service as its own
 * process. Used by {@code ota up} and by the black-box system tests, which also kill and restart services.
 */
public final class LocalPlatform implements AutoCloseable {

    /**
     * The Spring profile of every service process: development defaults (a development key ceremony, generated keys,
     * laptop passwords). Container images default to {@code production} instead.
     */
    static final String LOCAL_PROFILE = "local";

    private final Path home;
    private final Path dataDirectory;
    private final Infrastructure infrastructure;
    private final Map<String, String> environment;
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final PrintStream progress;
    private final Map<String, Integer> heapMegabytes;
    private volatile boolean stopping;

    private LocalPlatform(
            Path home,
            Path dataDirectory,
            Infrastructure infrastructure,
            Map<String, String> environment,
            PrintStream progress,
            Map<String, Integer> heapMegabytes) {
        this.home = home;
        this.dataDirectory = dataDirectory;
        this.infrastructure = infrastructure;
        this.environment = environment;
        this.progress = progress;
        this.heapMegabytes = Map.copyOf(heapMegabytes);
    }

    /**
     * Starts the infrastructure and the named services (all when empty) and waits until every one is ready.
     *
     * @param home the project checkout with the built jars
     * @throws IllegalStateException when a jar is missing or a service does not become ready in time
     */
    public static LocalPlatform start(
            Path home,
            Path dataDirectory,
            boolean fresh,
            List<String> only,
            Duration readyTimeout,
            PrintStream progress)
            throws Exception {
        return start(home, dataDirectory, fresh, only, readyTimeout, progress, Map.of());
    }

    /**
     * As {@link #start(Path, Path, boolean, List, Duration, PrintStream)}, with settings for every service process as
     * environment variables (Spring's relaxed binding, e.g. {@code OTA_HEALTH_OUTCOMES_EVALUATIONINTERVAL=1s}).
     */
    public static LocalPlatform start(
            Path home,
            Path dataDirectory,
            boolean fresh,
            List<String> only,
            Duration readyTimeout,
            PrintStream progress,
            Map<String, String> settings)
            throws Exception {
        return start(home, dataDirectory, fresh, only, readyTimeout, progress, settings, Map.of());
    }

    /**
     * As {@link #start(Path, Path, boolean, List, Duration, PrintStream, Map)}, with another maximum heap for the named
     * services (megabytes by service name), e.g. a vehicle simulator sized for a fleet of 10,000.
     */
    public static LocalPlatform start(
            Path home,
            Path dataDirectory,
            boolean fresh,
            List<String> only,
            Duration readyTimeout,
            PrintStream progress,
            Map<String, String> settings,
            Map<String, Integer> heapMegabytes)
            throws Exception {
        long started = System.nanoTime();
        List<ServiceSpec> services = ServiceSpec.select(only);
        List<String> missing = services.stream()
                .filter(service -> !Files.isRegularFile(jarOf(home, service)))
                .map(ServiceSpec::name)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built: " + missing + " (run ./ota build)");
        }
        if (fresh) {
            deleteRecursively(dataDirectory);
        }
        Files.createDirectories(dataDirectory.resolve("logs"));
        progress.printf("starting PostgreSQL, Kafka and the MQTT broker (state in %s)%n", dataDirectory);
        Infrastructure infrastructure = Infrastructure.start(dataDirectory, services);
        Map<String, String> environment = environment(dataDirectory, infrastructure);
        environment.putAll(settings);
        LocalPlatform platform =
                new LocalPlatform(home, dataDirectory, infrastructure, environment, progress, heapMegabytes);
        progress.printf("infrastructure ready after %.1f s; starting %d services%n", seconds(started), services.size());
        try {
            for (ServiceSpec service : services) {
                platform.launch(service);
            }
            platform.awaitReady(List.copyOf(platform.running.values()), readyTimeout, started);
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /** Base URL of a running service, e.g. {@code http://127.0.0.1:8082}. */
    public String url(String service) {
        return spec(service).baseUrl();
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    public String mqttHost() {
        return "127.0.0.1";
    }

    /**
     * The broker's plain listener: open on loopback, but the vehicle access extension refuses every client there (no
     * certificate). Vehicles and the gateway use {@link #mqttTlsPort()}.
     */
    public int mqttPort() {
        return infrastructure.mqttPort();
    }

    /** The broker's mutual-TLS listener: a client certificate chained to the fleet CA is required. */
    public int mqttTlsPort() {
        return infrastructure.mqttTlsPort();
    }

    /** The fleet CA's directory: its certificate, CRL and issued serials (device-gateway serves it over REST). */
    public Path fleetCaKeyStore() {
        return infrastructure.fleetCaKeyStore();
    }

    public Path logOf(String service) {
        return dataDirectory.resolve("logs").resolve(service + ".log");
    }

    /**
     * A service's own directory, also its working directory: what it keeps on disk with relative paths (the signing
     * service's development key ceremony, keys and blobs under {@code var/signing/}) lives there.
     */
    public Path serviceDirectory(String service) {
        return dataDirectory.resolve(spec(service).name());
    }

    /** Kills a service at once (SIGKILL): no graceful shutdown, as in a crash. */
    public void kill(String service) {
        ServiceProcess process = running.remove(service);
        if (process != null) {
            process.kill();
        }
    }

    /** Starts a service again (after {@link #kill}) and waits until it is ready. */
    public void restart(String service, Duration readyTimeout) throws Exception {
        kill(service);
        ServiceProcess process = launch(spec(service));
        awaitReady(List.of(process), readyTimeout, System.nanoTime());
    }

    /**
     * Stops the embedded Kafka broker gracefully while every service keeps running: producers buffer and retry,
     * consumers reconnect once it is back ({@link #startKafka()}). Its log directory and ports are kept.
     */
    public void stopKafka() {
        long started = System.nanoTime();
        infrastructure.stopKafka();
        progress.printf("Kafka stopped (shutdown took %.1f s)%n", seconds(started));
    }

    /** Starts the embedded Kafka broker again after {@link #stopKafka()}, on the same port and log directory. */
    public void startKafka() {
        long started = System.nanoTime();
        infrastructure.startKafka();
        progress.printf("Kafka serving again (start took %.1f s)%n", seconds(started));
    }

    /**
     * Stops the embedded PostgreSQL server (fast shutdown: connections closed, new ones refused) while every service
     * keeps running, until {@link #startPostgres()}. Its data directory and port are kept.
     */
    public void stopPostgres() {
        long started = System.nanoTime();
        infrastructure.stopPostgres();
        progress.printf("PostgreSQL stopped (shutdown took %.1f s)%n", seconds(started));
    }

    /** Starts PostgreSQL again after {@link #stopPostgres()}, on the same port and data directory. */
    public void startPostgres() {
        long started = System.nanoTime();
        infrastructure.startPostgres();
        progress.printf("PostgreSQL serving again (start took %.1f s)%n", seconds(started));
    }

    /**
     * Freezes PostgreSQL (SIGSTOP to every one of its processes) while every service keeps running: queries and new
     * connections hang rather than fail, as on a stalled database host, until {@link #thawPostgres()}.
     */
    public void freezePostgres() {
        infrastructure.freezePostgres();
        progress.printf("PostgreSQL frozen%n");
    }

    /** Lets PostgreSQL run on after {@link #freezePostgres()} (SIGCONT). */
    public void thawPostgres() {
        infrastructure.thawPostgres();
        progress.printf("PostgreSQL thawed%n");
    }

    /**
     * Stops the MQTT broker while every service and vehicle keeps running: every MQTT connection drops. Sessions,
     * subscriptions and queued messages persist on disk for {@link #startMqtt()}.
     */
    public void stopMqtt() {
        long started = System.nanoTime();
        infrastructure.stopMqtt();
        progress.printf("MQTT broker stopped (shutdown took %.1f s)%n", seconds(started));
    }

    /** Starts the MQTT broker again after {@link #stopMqtt()}, on the same listeners and data folder. */
    public void startMqtt() {
        long started = System.nanoTime();
        infrastructure.startMqtt();
        progress.printf("MQTT broker serving again (start took %.1f s)%n", seconds(started));
    }

    /** The services running now, by name (a killed one is absent until it is restarted). */
    public List<String> runningServices() {
        return List.copyOf(running.keySet());
    }

    List<ServiceProcess> processes() {
        return List.copyOf(running.values());
    }

    Infrastructure infrastructure() {
        return infrastructure;
    }

    private ServiceProcess launch(ServiceSpec service) throws IOException {
        Map<String, String> own = new LinkedHashMap<>(mqttCredentials(service));
        own.putAll(assignmentKeys(service));
        own.putAll(kafkaIdentity(service));
        own.putAll(environment);
        Path directory = Files.createDirectories(dataDirectory.resolve(service.name()));
        own.put("OTA_DATA_DIR", directory.toString());
        ServiceSpec sized = heapMegabytes.containsKey(service.name())
                ? service.withHeap(heapMegabytes.get(service.name()))
                : service;
        ServiceProcess process =
                ServiceProcess.start(sized, jarOf(home, service), directory, dataDirectory.resolve("logs"), own);
        running.put(service.name(), process);
        return process;
    }

    private void awaitReady(List<ServiceProcess> processes, Duration timeout, long started)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(processes);
        while (!waiting.isEmpty()) {
            for (ServiceProcess process : List.copyOf(waiting)) {
                if (stopping) {
                    throw new IllegalStateException("stopped while starting");
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(String.format(
                            "%s exited during start-up; last lines of %s:%n%s",
                            process.spec().name(), process.log(), process.tail(40)));
                }
                if (process.isReady()) {
                    waiting.remove(process);
                    progress.printf(
                            "  %-18s ready after %5.1f s  (%d of %d)%n",
                            process.spec().name(),
                            seconds(started),
                            processes.size() - waiting.size(),
                            processes.size());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        "not ready after %d s: %s (logs in %s)",
                        timeout.toSeconds(),
                        waiting.stream().map(p -> p.spec().name()).toList(),
                        dataDirectory.resolve("logs")));
            }
            Thread.sleep(250);
        }
    }

    /** Stops every service gracefully (all at once, 25 s at most, then killed), then the infrastructure. */
    @Override
    public void close() {
        stopping = true;
        List<ServiceProcess> processes = List.copyOf(running.values());
        processes.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        processes.forEach(process -> process.awaitStop(deadline));
        running.clear();
        infrastructure.close();
    }

    static Path jarOf(Path home, ServiceSpec service) {
        return home.resolve(service.name()).resolve("target").resolve(service.name() + "-0.1.0.jar");
    }

    private static ServiceSpec spec(String name) {
        return ServiceSpec.ALL.stream()
                .filter(spec -> spec.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service " + name));
    }

    /**
     * What only the gateway gets: its platform certificate for the broker's TLS listener. It also refuses vehicle
     * messages without the broker's identity stamp, which every vehicle message has now that vehicles connect with
     * certificates. What only signing-service gets: the fleet CA's key store the launcher created.
     */
    /** A service's Kafka key store and the trust store; nothing for a process that has no business on Kafka. */
    private Map<String, String> kafkaIdentity(ServiceSpec service) {
        if (KafkaAccess.grantOf(service.name()).isEmpty()) {
            return Map.of();
        }
        return infrastructure.kafkaIdentities().serviceEnvironment(service.name());
    }

    /**
     * Kafka client settings of the local operator ({@value Infrastructure#KAFKA_OPERATOR}, a super user), for tools and
     * tests that read or write the platform's topics from outside.
     */
    public Map<String, String> kafkaOperatorProperties() {
        return infrastructure.kafkaIdentities().clientProperties(Infrastructure.KAFKA_OPERATOR);
    }

    /** Where this start's Kafka key stores are. */
    public Path kafkaIdentitiesDirectory() {
        return infrastructure.kafkaIdentities().directory();
    }

    /** Kafka client settings of one service principal: for tests that act as that service. */
    public Map<String, String> kafkaClientProperties(String principal) {
        return infrastructure.kafkaIdentities().clientProperties(principal);
    }

    private Map<String, String> mqttCredentials(ServiceSpec service) {
        if (service.name().equals("signing-service")) {
            return Map.of(
                    "OTA_FLEET_CA_KEY_STORE",
                    infrastructure.fleetCaKeyStore().toString(),
                    "OTA_FLEET_CA_PASSWORD",
                    Infrastructure.FLEET_CA_PASSWORD);
        }
        if (!service.name().equals("device-gateway")) {
            return Map.of();
        }
        PlatformKeyStores stores = infrastructure.platformKeyStores();
        return Map.of(
                "OTA_MQTT_TLS_KEYSTORE", stores.gatewayKeyStore().toString(),
                "OTA_MQTT_TLS_KEYSTOREPASSWORD", stores.password(),
                "OTA_MQTT_TLS_TRUSTSTORE", stores.trustStore().toString(),
                "OTA_MQTT_TLS_TRUSTSTOREPASSWORD", stores.password(),
                "OTA_REQUIRE_BROKER_IDENTITY", "true");
    }

    /**
     * The Ed25519 keys that seal assignments (created on the first start in {@code assignment-keys/}, private keys
     * owner-only): campaign-service and rollback-service each get their private key, signing-service (the director)
     * both public keys. Local defaults like the demo identities: never use them outside one machine.
     */
    private Map<String, String> assignmentKeys(ServiceSpec service) {
        Path keys = dataDirectory.resolve("assignment-keys");
        for (String signer : List.of("campaign", "rollback")) {
            if (!Files.exists(keys.resolve(signer + ".key"))) {
                AssignmentKeyFiles.generate(keys.resolve(signer + ".key"), keys.resolve(signer + ".pub"));
            }
        }
        return switch (service.name()) {
            case "campaign-service" ->
                Map.of(
                        "OTA_ASSIGNMENTS_SIGNER_KEY_FILE",
                        keys.resolve("campaign.key").toString());
            case "rollback-service" ->
                Map.of(
                        "OTA_ASSIGNMENTS_SIGNER_KEY_FILE",
                        keys.resolve("rollback.key").toString());
            case "signing-service" ->
                Map.of(
                        "OTA_ASSIGNMENTS_CAMPAIGN_PUBLIC_KEY",
                                keys.resolve("campaign.pub").toString(),
                        "OTA_ASSIGNMENTS_ROLLBACK_PUBLIC_KEY",
                                keys.resolve("rollback.pub").toString());
            default -> Map.of();
        };
    }

    private static Map<String, String> environment(Path dataDirectory, Infrastructure infrastructure) {
        Map<String, String> environment = new LinkedHashMap<>();
        // the development mode, stated rather than inherited: a shell with SPRING_PROFILES_ACTIVE=production would
        // otherwise refuse the launcher's development keys
        environment.put("SPRING_PROFILES_ACTIVE", LOCAL_PROFILE);
        environment.put("OTA_KAFKA_BOOTSTRAP", infrastructure.kafkaBootstrapServers());
        environment.put("OTA_MQTT_HOST", "127.0.0.1");
        // the gateway and the vehicles connect with certificates to the mutual-TLS listener
        environment.put("OTA_MQTT_PORT", String.valueOf(infrastructure.mqttTlsPort()));
        environment.put("OTA_ISSUER", ServiceSpec.AUTH_SERVER.baseUrl());
        environment.put("OTA_JWK_SET_URI", ServiceSpec.AUTH_SERVER.baseUrl() + "/oauth2/jwks");
        environment.put(
                "OTA_AUTH_KEY_FILE",
                dataDirectory.resolve("auth-server").resolve("signing-key.json").toString());
        StringBuilder urls = new StringBuilder();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            urls.append(urls.isEmpty() ? "" : ",")
                    .append(spec.name())
                    .append('=')
                    .append(spec.baseUrl());
        }
        environment.put("OTA_SERVICE_URLS", urls.toString());
        return environment;
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
