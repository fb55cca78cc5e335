package dev.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * An offline check of the Kubernetes manifests and the compose file: what an operator relies on (probes on the
 * actuator, resources, disruption budgets, autoscaling, secrets that exist, every topic declared) is verified here,
 * since no cluster or schema registry is reachable from CI.
 */
class DeploymentManifestsTests {

    private static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();
    private static final List<Map<String, Object>> documents = new ArrayList<>();

    @BeforeAll
    static void loadEveryManifest() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY.resolve("k8s"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
                        if (document != null) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> map = (Map<String, Object>) document;
                            map.put("__file", file.toString());
                            documents.add(map);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyDocumentHasApiVersionKindAndName() {
        assertThat(documents).isNotEmpty();
        for (Map<String, Object> document : documents) {
            assertThat(document).as(String.valueOf(document.get("__file"))).containsKeys("apiVersion", "kind");
            assertThat(map(document, "metadata")).containsKey("name");
        }
    }

    @Test
    void everyDeploymentProbesTheActuatorAndDeclaresResources() {
        List<Map<String, Object>> deployments = ofKind("Deployment");
        assertThat(deployments).hasSize(6);
        for (Map<String, Object> deployment : deployments) {
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
            for (Map<String, Object> container : list(pod, "containers")) {
                String name = name(deployment);
                assertThat(path(map(container, "readinessProbe"))).as(name).isEqualTo("/actuator/health/readiness");
                assertThat(path(map(container, "livenessProbe"))).as(name).isEqualTo("/actuator/health/liveness");
                Map<String, Object> resources = map(container, "resources");
                assertThat(map(resources, "requests")).as(name).containsKeys("cpu", "memory");
                assertThat(map(resources, "limits")).as(name).containsKey("memory");
            }
        }
    }

    @Test
    void everyDeploymentHasAServiceAndADisruptionBudgetThatSelectIt() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> labels = map(map(map(deployment, "spec"), "template"), "metadata");
            Map<String, Object> podLabels = map(labels, "labels");
            assertThat(ofKind("Service"))
                    .as("service for " + name(deployment))
                    .anyMatch(service -> selects(map(map(service, "spec"), "selector"), podLabels));
            assertThat(ofKind("PodDisruptionBudget"))
                    .as("disruption budget for " + name(deployment))
                    .anyMatch(pdb -> selects(map(map(map(pdb, "spec"), "selector"), "matchLabels"), podLabels));
        }
    }

    @Test
    void gatewayAndHealthServiceScaleHorizontally() {
        Set<String> deployments =
                new HashSet<>(ofKind("Deployment").stream().map(d -> name(d)).toList());
        Set<String> scaled = new HashSet<>();
        for (Map<String, Object> hpa : ofKind("HorizontalPodAutoscaler")) {
            String target =
                    String.valueOf(map(map(hpa, "spec"), "scaleTargetRef").get("name"));
            assertThat(deployments).contains(target);
            scaled.add(target);
        }
        assertThat(scaled).contains("device-gateway", "health-service");
    }

    @Test
    void everyReferencedSecretAndConfigMapIsDeclared() {
        Set<String> declared = new HashSet<>();
        ofKind("Secret").forEach(s -> declared.add(name(s)));
        ofKind("ConfigMap").forEach(c -> declared.add(name(c)));
        ofKind("Cluster").forEach(c -> declared.add(name(c) + "-app"));
        Set<String> referenced = new HashSet<>();
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            collectReferences(deployment, referenced);
        }
        assertThat(referenced).isNotEmpty();
        assertThat(declared).containsAll(referenced);
    }

    @Test
    void everyPlatformTopicAndItsDeadLetterTopicIsDeclared() {
        Set<String> declared = new HashSet<>();
        for (Map<String, Object> topic : ofKind("KafkaTopic")) {
            declared.add(String.valueOf(map(topic, "spec").get("topicName")));
        }
        for (String topic : Topics.ALL) {
            assertThat(declared).contains(topic, Topics.deadLetter(topic));
        }
    }

    @Test
    void kustomizationsListEveryManifestInTheirFolder() throws IOException {
        for (String folder : List.of("k8s/base", "k8s/infrastructure")) {
            Path directory = DEPLOY.resolve(folder);
            Map<String, Object> kustomization;
            try (Reader reader = Files.newBufferedReader(directory.resolve("kustomization.yaml"))) {
                kustomization = new Yaml().load(reader);
            }
            Set<String> files;
            try (Stream<Path> entries = Files.list(directory)) {
                files = new HashSet<>(entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                        .toList());
            }
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) kustomization.get("resources");
            assertThat(new HashSet<>(resources)).as(folder).isEqualTo(files);
        }
    }

    @Test
    void composeRunsEveryServiceAgainstItsInfrastructure() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(DEPLOY.resolve("compose/compose.yaml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> services = map(compose, "services");
        assertThat(services)
                .containsKeys(
                        "kafka",
                        "postgres",
                        "hivemq",
                        "auth-server",
                        "signing-service",
                        "campaign-service",
                        "device-gateway",
                        "health-service",
                        "rollback-service",
                        "audit-service");
    }

    @Test
    void theGrafanaDashboardOnlyChartsMetricsThePlatformRegisters() throws IOException {
        String dashboard = Files.readString(DEPLOY.resolve("grafana/ota-platform.json"));
        Set<String> charted = new HashSet<>();
        Matcher metric = Pattern.compile("\\b(ota_[a-z_]+)").matcher(dashboard);
        while (metric.find()) {
            charted.add(metric.group(1).replaceAll("_(total|seconds_bucket|seconds_count|seconds_sum|seconds)$", ""));
        }
        Set<String> registered = new HashSet<>();
        Pattern meterName = Pattern.compile("\"(ota\\.[a-z_.]+)\"");
        try (Stream<Path> sources = Files.walk(DEPLOY.getParent())) {
            for (Path source : sources.filter(
                            f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .toList()) {
                Matcher name = meterName.matcher(Files.readString(source));
                while (name.find()) {
                    registered.add(name.group(1).replace('.', '_'));
                }
            }
        }
        assertThat(charted).isNotEmpty();
        assertThat(registered).containsAll(charted);
    }

    private static void collectReferences(Object node, Set<String> referenced) {
        if (node instanceof Map<?, ?> map) {
            for (String key : List.of("secretKeyRef", "configMapRef", "secretRef")) {
                if (map.get(key) instanceof Map<?, ?> ref) {
                    referenced.add(String.valueOf(ref.get("name")));
                }
            }
            if (map.get("secret") instanceof Map<?, ?> secret && secret.get("secretName") != null) {
                referenced.add(String.valueOf(secret.get("secretName")));
            }
            map.values().forEach(value -> collectReferences(value, referenced));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectReferences(value, referenced));
        }
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty()
                && selector.entrySet().stream()
                        .allMatch(entry -> Objects.equals(labels.get(entry.getKey()), entry.getValue()));
    }

    private static String path(Map<String, Object> probe) {
        return String.valueOf(map(probe, "httpGet").get("path"));
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static String name(Map<String, Object> document) {
        return String.valueOf(map(document, "metadata").get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> ? (List<Map<String, Object>>) value : List.of();
    }
}
