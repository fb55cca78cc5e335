package dev.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.KafkaAccess;
import dev.ota.contracts.Topics;
import dev.ota.infra.KafkaSecurity;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The platform's Kafka rights are one table, {@link KafkaAccess}; everything else that states them is checked against
 * it here, so none can drift: the table in {@code docs/architecture.md}, the Strimzi {@code KafkaUser} ACLs, and what
 * each service's Spring Cloud Stream bindings consume (destinations and groups).
 */
class KafkaAccessTableTests {

    private static final Path HOME = Path.of("../..").toAbsolutePath().normalize();

    /**
     * Inputs a service reads outside its bindings: health-service's beacon listener (a plain Spring Kafka batch
     * listener in its own group, {@code BeaconListenerConfiguration}).
     */
    private static final Map<String, Set<String>> READS_OUTSIDE_BINDINGS =
            Map.of(KafkaAccess.HEALTH, Set.of(Topics.VEHICLE_HEALTH));

    @Test
    void theArchitectureDocumentShowsTheTableAsTheCodeHasIt() throws IOException {
        assertThat(Files.readString(HOME.resolve("docs/architecture.md"))).contains(KafkaAccess.markdownTable());
    }

    @Test
    void everyKafkaUserCarriesExactlyTheAclsOfItsGrant() throws IOException {
        Map<String, Set<String>> users = new java.util.TreeMap<>();
        for (Map<String, Object> user : documents(HOME.resolve("deploy/k8s/infrastructure/kafka-users.yaml"))) {
            assertThat(user.get("kind")).isEqualTo("KafkaUser");
            Map<String, Object> spec = map(user, "spec");
            assertThat(map(spec, "authentication")).containsEntry("type", "tls");
            Set<String> acls = new TreeSet<>();
            for (Map<String, Object> acl : list(map(spec, "authorization"), "acls")) {
                Map<String, Object> resource = map(acl, "resource");
                assertThat(resource).containsEntry("patternType", "literal");
                for (Object operation : (List<?>) acl.get("operations")) {
                    acls.add(resource.get("type") + " " + resource.get("name") + " " + operation);
                }
            }
            users.put((String) map(user, "metadata").get("name"), acls);
        }
        // what the embedded broker is given for the same grants, written the way Strimzi spells it
        Map<String, Set<String>> expected = new java.util.TreeMap<>();
        for (AclBinding binding : KafkaSecurity.bindings(KafkaAccess.GRANTS)) {
            String operation = binding.entry().operation().name();
            expected.computeIfAbsent(binding.entry().principal().substring("User:".length()), p -> new TreeSet<>())
                    .add(binding.pattern().resourceType().name().toLowerCase(Locale.ROOT) + " "
                            + binding.pattern().name() + " "
                            + operation.charAt(0) + operation.substring(1).toLowerCase(Locale.ROOT));
        }
        assertThat(users).isEqualTo(expected);
    }

    @Test
    void everyServiceConsumesExactlyWhatItsGrantAllowsInItsOwnGroups() throws IOException {
        for (KafkaAccess.Grant grant : KafkaAccess.GRANTS) {
            Path configuration = HOME.resolve(grant.principal()).resolve("src/main/resources/application.yml");
            Bindings bindings = Bindings.of(configuration, grant.principal());
            Set<String> consumed = new TreeSet<>(bindings.destinations());
            consumed.addAll(READS_OUTSIDE_BINDINGS.getOrDefault(grant.principal(), Set.of()));
            assertThat(consumed).as("topics %s consumes", grant.principal()).isEqualTo(new TreeSet<>(grant.reads()));
            assertThat(grant.groups())
                    .as("groups %s consumes in", grant.principal())
                    .containsAll(bindings.groups());
        }
    }

    @Test
    void everyPlatformTopicHasAWriterAndAReader() {
        for (String topic : Topics.everyTopic()) {
            assertThat(KafkaAccess.writersOf(topic)).as("writers of %s", topic).isNotEmpty();
            assertThat(KafkaAccess.GRANTS.stream().anyMatch(g -> g.reads().contains(topic)))
                    .as("readers of %s", topic)
                    .isTrue();
        }
    }

    /** What a service's {@code spring.cloud.stream.bindings} consume, and in which groups. */
    private record Bindings(Set<String> destinations, Set<String> groups) {

        static Bindings of(Path applicationYml, String applicationName) throws IOException {
            Set<String> destinations = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            for (Map<String, Object> document : documents(applicationYml)) {
                Map<String, Object> stream = streamOf(document);
                if (stream == null || !stream.containsKey("bindings")) {
                    continue;
                }
                for (Object value : map(stream, "bindings").values()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> binding = (Map<String, Object>) value;
                    Arrays.stream(String.valueOf(binding.get("destination")).split(","))
                            .map(String::trim)
                            .forEach(destinations::add);
                    // the platform default group is the application name (ota-platform-defaults.yml)
                    groups.add(String.valueOf(binding.getOrDefault("group", applicationName)));
                }
            }
            return new Bindings(destinations, groups);
        }

        /** {@code spring.cloud.stream}, written nested or as the dotted key {@code spring.cloud}. */
        @SuppressWarnings("unchecked")
        private static Map<String, Object> streamOf(Map<String, Object> document) {
            Object cloud = document.get("spring.cloud");
            if (cloud == null && document.get("spring") instanceof Map<?, ?> spring) {
                cloud = spring.get("cloud");
            }
            return cloud instanceof Map<?, ?> c ? (Map<String, Object>) c.get("stream") : null;
        }
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
                if (document != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) document;
                    documents.add(map);
                }
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }
}
