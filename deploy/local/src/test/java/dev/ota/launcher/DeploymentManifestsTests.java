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
    void everyObjectMatchesTheApiOfItsKind() {
        ManifestSchemas schemas = ManifestSchemas.load();
        for (Map<String, Object> document : documents) {
            assertThat(schemas.violations(document))
                    .as("%s %s in %s", document.get("kind"), name(document), document.get("__file"))
                    .isEmpty();
        }
    }

    @Test
    void theSchemasCatchAMisspeltOrMistypedField() {
        ManifestSchemas schemas = ManifestSchemas.load();
        Map<String, Object> cluster = new java.util.HashMap<>(ofKind("Cluster").getFirst());
        cluster.put(
                "spec",
                Map.of(
                        "instances",
                        "three",
                        "storage",
                        Map.of("size", "1Gi"),
                        "managed",
                        Map.of(
                                "roles",
                                List.of(Map.of("name", "audit_writer", "passwordSecrets", Map.of("name", "x"))))));

        assertThat(schemas.violations(cluster))
                .containsExactlyInAnyOrder(
                        "spec.instances: integer expected, found String three",
                        "spec.managed.roles[0].passwordSecrets: no such field");
    }

    /** An alert on a metric no service registers never fires: each name must be one the code registers. */
    @Test
    void everyAlertWatchesAMetricAServiceRegistersAndSaysWhatToDo() throws IOException {
        Set<String> registered = new HashSet<>();
        Pattern metricName = Pattern.compile("\"(ota\\.[a-z_.]+)\"");
        try (Stream<Path> sources = Files.walk(DEPLOY.getParent())) {
            for (Path source : sources.filter(
                            f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                    .toList()) {
                Matcher found = metricName.matcher(Files.readString(source));
                while (found.find()) {
                    String prometheus = found.group(1).replace('.', '_');
                    registered.add(prometheus);
                    registered.add(prometheus + "_total");
                }
            }
        }
        List<Map<String, Object>> rules = ofKind("PrometheusRule");
        assertThat(rules).isNotEmpty();
        int alerts = 0;
        for (Map<String, Object> rule : rules) {
            for (Map<String, Object> group : list(map(rule, "spec"), "groups")) {
                for (Map<String, Object> alert : list(group, "rules")) {
                    alerts++;
                    Matcher used = Pattern.compile("\\bota_[a-z_]+").matcher(String.valueOf(alert.get("expr")));
                    assertThat(used.find())
                            .as("%s watches an ota metric", alert.get("alert"))
                            .isTrue();
                    do {
                        assertThat(registered)
                                .as("%s: %s", alert.get("alert"), used.group())
                                .contains(used.group());
                    } while (used.find());
                    assertThat(map(alert, "labels"))
                            .as(String.valueOf(alert.get("alert")))
                            .containsKey("severity");
                    assertThat(String.valueOf(map(alert, "annotations").get("runbook")))
                            .as(String.valueOf(alert.get("alert")))
                            .startsWith("docs/runbook.md, section");
                }
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(10);
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
    void noSecretIsDefinedInTheManifestsAndEveryReferencedOneIsDocumentedForTheOperator() throws IOException {
        assertThat(ofKind("Secret"))
                .as("Secrets are created by the operator (docs/runbook.md), never defined with values here")
                .isEmpty();
        String runbook = Files.readString(DEPLOY.getParent().resolve("docs/runbook.md"));
        Set<String> createdByOperators = new HashSet<>();
        ofKind("Cluster").forEach(cluster -> createdByOperators.add(name(cluster) + "-app"));
        Set<String> referenced = new HashSet<>();
        documents.forEach(document -> collectSecretReferences(document, referenced));
        referenced.removeAll(createdByOperators);
        assertThat(referenced).contains("ota-signing-online-keys", "ota-audit-checkpoint-key", "audit-db-writer");
        for (String secret : referenced) {
            assertThat(runbook)
                    .as("docs/runbook.md says how to create Secret " + secret)
                    .contains(secret);
        }
    }

    @Test
    void everyReferencedConfigMapIsDeclaredOrDocumentedForTheOperator() throws IOException {
        String runbook = Files.readString(DEPLOY.getParent().resolve("docs/runbook.md"));
        Set<String> declared = new HashSet<>();
        ofKind("ConfigMap").forEach(c -> declared.add(name(c)));
        Set<String> referenced = new HashSet<>();
        documents.forEach(document -> collectConfigMapReferences(document, referenced));
        assertThat(referenced).contains("ota-platform", "ota-signing-trust");
        for (String configMap : referenced) {
            assertThat(declared.contains(configMap) || runbook.contains(configMap))
                    .as("ConfigMap " + configMap + " is declared or docs/runbook.md says how to create it")
                    .isTrue();
        }
    }

    @Test
    void everySettingAServiceNeedsInProductionIsSetInItsDeployment() throws IOException {
        Map<String, String> sharedConfig = configMapData("ota-platform");
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> container =
                    list(podSpec(deployment), "containers").getFirst();
            String service = String.valueOf(container.get("name"));
            Set<String> needed = ProductionSettings.of(DEPLOY.getParent(), service);
            assertThat(needed).as(service).isNotEmpty();
            Set<String> provided = new HashSet<>();
            for (Map<String, Object> variable : list(container, "env")) {
                provided.add(String.valueOf(variable.get("name")));
            }
            for (Map<String, Object> source : list(container, "envFrom")) {
                if (map(source, "configMapRef").get("name") instanceof String configMap) {
                    provided.addAll(
                            configMap.equals("ota-platform")
                                    ? sharedConfig.keySet()
                                    : configMapData(configMap).keySet());
                }
            }
            assertThat(provided)
                    .as("%s: every ${...} without a default in its configuration under the production profile", service)
                    .containsAll(needed);
        }
    }

    @Test
    void keysPassphrasesAndCredentialsComeFromSecrets() {
        Pattern credential = Pattern.compile(".*(PASSWORD|PASSPHRASE|SECRET|_USER)$");
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            for (Map<String, Object> container : list(podSpec(deployment), "containers")) {
                for (Map<String, Object> variable : list(container, "env")) {
                    String name = String.valueOf(variable.get("name"));
                    if (credential.matcher(name).matches()) {
                        assertThat(map(map(variable, "valueFrom"), "secretKeyRef"))
                                .as("%s of %s from a Secret", name, name(deployment))
                                .containsKeys("name", "key");
                    }
                }
            }
        }
    }

    @Test
    void auditServiceConnectsAsAWriterRoleAndMigratesAsTheOwner() {
        Map<String, Object> audit = ofKind("Deployment").stream()
                .filter(d -> name(d).equals("audit-service"))
                .findFirst()
                .orElseThrow();
        Map<String, Map<String, Object>> env = new java.util.HashMap<>();
        for (Map<String, Object> variable :
                list(list(podSpec(audit), "containers").getFirst(), "env")) {
            env.put(String.valueOf(variable.get("name")), variable);
        }
        assertThat(secretOf(env.get("OTA_DB_USER"))).isEqualTo("audit-db-writer");
        assertThat(secretOf(env.get("OTA_DB_OWNER_USER"))).isEqualTo("audit-db-app");
        assertThat(String.valueOf(env.get("OTA_DB_URL").get("value")))
                .as("a URL without the owner's credentials (CloudNativePG's jdbc-uri carries them)")
                .startsWith("jdbc:postgresql://audit-db-rw");
        Map<String, Object> auditDb = ofKind("Cluster").stream()
                .filter(c -> name(c).equals("audit-db"))
                .findFirst()
                .orElseThrow();
        assertThat(list(map(map(auditDb, "spec"), "managed"), "roles"))
                .anySatisfy(role -> assertThat(role)
                        .containsEntry("name", "audit_writer")
                        .containsEntry("passwordSecret", Map.of("name", "audit-db-writer")));
    }

    @Test
    void networkPoliciesLetEachServiceReachOnlyItsOwnDatabase() {
        Set<String> isolated = new HashSet<>();
        for (Map<String, Object> policy : ofKind("NetworkPolicy")) {
            Map<String, Object> spec = map(policy, "spec");
            if (list(spec, "ingress").isEmpty() && list(spec, "egress").isEmpty()) {
                isolated.add(String.valueOf(map(map(spec, "podSelector"), "matchLabels")));
            }
        }
        assertThat(isolated)
                .as("a default deny for the platform's pods")
                .contains("{app.kubernetes.io/part-of=ota-platform}");
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String service = name(deployment);
            Set<String> databases = new HashSet<>();
            for (Map<String, Object> policy : policiesSelecting(service)) {
                for (Map<String, Object> rule : list(map(policy, "spec"), "egress")) {
                    for (Map<String, Object> peer : list(rule, "to")) {
                        Object cluster =
                                map(map(peer, "podSelector"), "matchLabels").get("cnpg.io/cluster");
                        if (cluster != null) {
                            databases.add(String.valueOf(cluster));
                        }
                    }
                }
            }
            Set<String> ownDatabase = ofKind("Cluster").stream()
                    .map(DeploymentManifestsTests::name)
                    .filter(cluster -> cluster.equals(service.replace("-service", "-db")))
                    .collect(java.util.stream.Collectors.toSet());
            assertThat(databases).as(service).isEqualTo(ownDatabase);
        }
    }

    @Test
    void everyPlatformTopicAndItsDeadLetterTopicIsDeclared() {
        Set<String> declared = new HashSet<>();
        for (Map<String, Object> topic : ofKind("KafkaTopic")) {
            declared.add(String.valueOf(map(topic, "spec").get("topicName")));
        }
        for (String topic : Topics.everyTopic()) {
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

    /** Secret names a manifest refers to: env, envFrom, volumes and CloudNativePG's role password Secrets. */
    private static void collectSecretReferences(Object node, Set<String> referenced) {
        collectReferences(
                node, referenced, List.of("secretKeyRef", "secretRef", "passwordSecret"), "secret", "secretName");
    }

    private static void collectConfigMapReferences(Object node, Set<String> referenced) {
        collectReferences(node, referenced, List.of("configMapKeyRef", "configMapRef"), "configMap", "name");
    }

    private static void collectReferences(
            Object node, Set<String> referenced, List<String> refKeys, String volumeKey, String volumeNameKey) {
        if (node instanceof Map<?, ?> map) {
            for (String key : refKeys) {
                if (map.get(key) instanceof Map<?, ?> ref) {
                    referenced.add(String.valueOf(ref.get("name")));
                }
            }
            if (map.get(volumeKey) instanceof Map<?, ?> volume && volume.get(volumeNameKey) != null) {
                referenced.add(String.valueOf(volume.get(volumeNameKey)));
            }
            map.values().forEach(value -> collectReferences(value, referenced, refKeys, volumeKey, volumeNameKey));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectReferences(value, referenced, refKeys, volumeKey, volumeNameKey));
        }
    }

    private static Map<String, String> configMapData(String name) {
        return ofKind("ConfigMap").stream()
                .filter(configMap -> name(configMap).equals(name))
                .findFirst()
                .map(configMap -> {
                    Map<String, String> data = new java.util.HashMap<>();
                    map(configMap, "data").forEach((key, value) -> data.put(key, String.valueOf(value)));
                    return data;
                })
                .orElse(Map.of());
    }

    private static List<Map<String, Object>> policiesSelecting(String service) {
        return ofKind("NetworkPolicy").stream()
                .filter(policy -> {
                    Map<String, Object> selector = map(map(policy, "spec"), "podSelector");
                    if (service.equals(map(selector, "matchLabels").get("app.kubernetes.io/name"))) {
                        return true;
                    }
                    return list(selector, "matchExpressions").stream()
                            .anyMatch(expression -> "In".equals(expression.get("operator"))
                                    && expression.get("values") instanceof List<?> values
                                    && values.contains(service));
                })
                .toList();
    }

    private static String secretOf(Map<String, Object> variable) {
        return String.valueOf(map(map(variable, "valueFrom"), "secretKeyRef").get("name"));
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment, "spec"), "template"), "spec");
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
