package dev.ota.uptane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability the other way round: an independent TUF implementation writes the repositories and our client
 * reads them. {@code src/test/interop/tuf-writer.js} builds and signs each scenario with {@code @tufjs/models} (npm,
 * version pinned in package.json and package-lock.json) and Node's crypto, as indented (non-canonical) JSON files on
 * disk; {@code reference-client.js} has the {@code tuf-js} client read the same files over loopback HTTP, so every
 * scenario also has the verdict of a second, independent client. Nothing here signs anything with our own code.
 */
class TufJsWrittenRepositoryInteropIntegrationTests {

    private static final Path INTEROP = Path.of("src/test/interop").toAbsolutePath();
    private static final Path REPOSITORIES =
            Path.of("target/tufjs-repositories").toAbsolutePath();

    private static Map<String, Object> referenceVerdicts = Map.of();

    @BeforeAll
    static void writeRepositoriesWithAnIndependentImplementation() throws Exception {
        if (!Files.isDirectory(INTEROP.resolve("node_modules/@tufjs/models"))
                || !Files.isDirectory(INTEROP.resolve("node_modules/tuf-js"))) {
            var install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertThat(install.exit())
                    .as("npm ci failed (node 20.17+ and npm are required):\n" + install.output())
                    .isZero();
        }
        deleteRecursively(REPOSITORIES);
        Files.createDirectories(REPOSITORIES);
        var written = run(List.of("node", INTEROP.resolve("tuf-writer.js").toString(), REPOSITORIES.toString()), 120);
        assertThat(written.exit()).as(written.output()).isZero();
        var reference =
                run(List.of("node", INTEROP.resolve("reference-client.js").toString(), REPOSITORIES.toString()), 120);
        assertThat(reference.exit()).as(reference.output()).isZero();
        referenceVerdicts = Json.object(Json.parse(lastLine(reference.output())), "reference verdicts");
    }

    @Test
    void readsAnEd25519RepositoryWithConsistentSnapshotsAtItsNewestVersion() {
        RepositoryClient client = client("ed25519-consistent");

        client.refresh();

        assertThat(client.trusted().root().body().consistentSnapshot()).isTrue();
        assertThat(client.trusted().targets("targets").body().version())
                .as("2.targets.json, not the stale 1.targets.json beside it")
                .isEqualTo(2);
        assertDownloadsEveryTarget("ed25519-consistent", client);
    }

    @Test
    void readsARepositoryWithoutConsistentSnapshots() {
        RepositoryClient client = client("ed25519-plain");

        client.refresh();

        assertThat(client.trusted().root().body().consistentSnapshot()).isFalse();
        assertDownloadsEveryTarget("ed25519-plain", client);
    }

    @Test
    void readsEcdsaKeysWrittenWithTheKeytypeEcdsa() {
        RepositoryClient client = client("ecdsa-keytype-ecdsa");

        client.refresh();

        assertThat(keyTypes(client.trusted().root().body(), Scheme.ECDSA_SHA2_NISTP256))
                .containsOnly("ecdsa");
        assertDownloadsEveryTarget("ecdsa-keytype-ecdsa", client);
    }

    @Test
    void readsEcdsaKeysWrittenWithTheKeytypeEcdsaSha2Nistp256() {
        RepositoryClient client = client("ecdsa-keytype-ecdsa-sha2-nistp256");

        client.refresh();

        assertThat(keyTypes(client.trusted().root().body(), Scheme.ECDSA_SHA2_NISTP256))
                .containsOnly("ecdsa-sha2-nistp256");
        assertDownloadsEveryTarget("ecdsa-keytype-ecdsa-sha2-nistp256", client);
    }

    @Test
    void readsRsaPssSignaturesWithASaltAsLongAsTheDigest() {
        RepositoryClient client = client("rsa-pss-digest-salt");

        client.refresh();

        assertThat(keyTypes(client.trusted().root().body(), Scheme.RSASSA_PSS_SHA256))
                .containsOnly("rsa");
        assertDownloadsEveryTarget("rsa-pss-digest-salt", client);
    }

    @Test
    void readsRsaPssSignaturesWithTheLongestSaltTheKeyAllows() {
        RepositoryClient client = client("rsa-pss-max-salt");

        client.refresh();

        assertDownloadsEveryTarget("rsa-pss-max-salt", client);
    }

    @Test
    void countsSignaturesOfDifferentSchemesTowardsOneThreshold() {
        RepositoryClient client = client("mixed-schemes-threshold");

        client.refresh();

        Root root = client.trusted().root().body();
        assertThat(root.role(RoleType.ROOT).threshold()).isEqualTo(3);
        assertThat(root.role(RoleType.TARGETS).threshold()).isEqualTo(2);
        assertDownloadsEveryTarget("mixed-schemes-threshold", client);
    }

    @Test
    void findsATargetSignedByARoleDelegatedAPathPattern() {
        RepositoryClient client = client("delegation");
        client.refresh();

        var brake = client.findTarget("firmware/ecu-brake-2.0.bin").orElseThrow();

        assertThat(brake.role()).isEqualTo("ecu-team");
        assertThat(Hashing.sha256Hex(download("delegation", client, brake.path())))
                .isEqualTo(writtenSha256("delegation", brake.path()));
        assertThat(client.findTarget("firmware/gateway-1.0.bin").orElseThrow().role())
                .isEqualTo("targets");
    }

    @Test
    void doesNotTrustADelegatedRoleForAPathOutsideItsPatterns() {
        RepositoryClient client = client("delegation");
        client.refresh();

        assertThat(client.findTarget("infotainment/not-delegated.bin"))
                .as("listed by ecu-team, which is delegated only firmware/ecu-*")
                .isEmpty();
    }

    @Test
    void followsARootRotationToAChangedKeySetAndThreshold() {
        RepositoryClient client = client("root-rotation");
        Root first = client.trusted().root().body();

        client.refresh();

        Root rotated = client.trusted().root().body();
        assertThat(rotated.version()).isEqualTo(2);
        assertThat(rotated.role(RoleType.ROOT).threshold()).isEqualTo(3);
        assertThat(rotated.role(RoleType.ROOT).keyIds())
                .hasSize(4)
                .contains(first.role(RoleType.ROOT).keyIds().getFirst())
                .doesNotContainAnyElementsOf(first.role(RoleType.ROOT).keyIds().subList(1, 3));
        assertThat(rotated.role(RoleType.TARGETS).keyIds())
                .doesNotContainAnyElementsOf(first.role(RoleType.TARGETS).keyIds());
        assertDownloadsEveryTarget("root-rotation", client);
    }

    @Test
    void refusesARotatedRootSignedByFewerThanTheOldRootsThreshold() {
        RepositoryClient client = client("root-rotation-below-old-threshold");

        assertRefused(client::refresh, Attack.ARBITRARY_SOFTWARE, "by the old root's keys");
    }

    @Test
    void refusesARotatedRootSignedByFewerThanItsOwnThreshold() {
        RepositoryClient client = client("root-rotation-below-new-threshold");

        assertRefused(client::refresh, Attack.ARBITRARY_SOFTWARE, "by its own keys");
    }

    @Test
    void refusesTargetsSignedByFewerThanTheirThreshold() {
        RepositoryClient client = client("targets-below-threshold");

        assertRefused(client::refresh, Attack.ARBITRARY_SOFTWARE, "threshold is 2");
    }

    @Test
    void refusesTargetsSignedByAKeyTheRootDoesNotList() {
        RepositoryClient client = client("targets-signed-by-unknown-key");

        assertRefused(client::refresh, Attack.ARBITRARY_SOFTWARE, "0 valid signature(s)");
    }

    @Test
    void refusesATargetWhoseBytesWereChangedAfterSigning() {
        RepositoryClient client = client("tampered-target");
        client.refresh();

        assertRefused(
                () -> download("tampered-target", client, "firmware/ecm-7.0.bin"),
                Attack.ARBITRARY_SOFTWARE,
                "does not match the signed hash");
    }

    @Test
    void refusesAnExpiredTimestamp() {
        RepositoryClient client = client("expired-timestamp");

        assertRefused(client::refresh, Attack.FREEZE, "timestamp version 1 expired");
    }

    @Test
    void refusesASnapshotOtherThanTheOneTheTimestampLists() {
        RepositoryClient client = client("snapshot-not-as-listed");

        assertRefused(client::refresh, Attack.MIX_AND_MATCH, "snapshot.json");
    }

    /** The same verdicts as tuf-js on every repository the writer produced: accepted, not found, or refused. */
    @Test
    void agreesWithTheTufJsClientOnEveryWrittenRepository() throws IOException {
        List<String> scenarios;
        try (Stream<Path> dirs = Files.list(REPOSITORIES)) {
            scenarios = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(scenarios).hasSize(16);
        assertThat(referenceVerdicts.keySet()).containsExactlyInAnyOrderElementsOf(scenarios);
        var softly = new SoftAssertions();
        for (String scenario : scenarios) {
            var reference = Json.object(referenceVerdicts.get(scenario), scenario);
            softly.assertThat(ourVerdict(scenario))
                    .as(scenario + " (tuf-js: " + reference.getOrDefault("reason", "accepted") + ")")
                    .isEqualTo(Map.of("refresh", reference.get("refresh"), "targets", reference.get("targets")));
        }
        softly.assertAll();
    }

    private Map<String, Object> ourVerdict(String scenario) {
        RepositoryClient client = client(scenario);
        try {
            client.refresh();
        } catch (AttackDetectedException e) {
            return Map.of("refresh", "refused", "targets", Map.of());
        }
        var targets = new LinkedHashMap<String, Object>();
        for (var target : writtenTargets(scenario)) {
            String path = Json.string(target, "path");
            try {
                targets.put(path, client.findTarget(path).isEmpty() ? "none" : "ok");
                if (client.findTarget(path).isPresent()) {
                    download(scenario, client, path);
                }
            } catch (AttackDetectedException e) {
                targets.put(path, "refused");
            }
        }
        return Map.of("refresh", "ok", "targets", targets);
    }

    private static RepositoryClient client(String scenario) {
        Path metadata = REPOSITORIES.resolve(scenario).resolve("metadata");
        byte[] trustedRoot = read(metadata.resolve(Json.string(facts(scenario), "trustedRoot")));
        MetadataFetcher fromDisk = (name, maxLength) -> {
            Path file = metadata.resolve(name);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return MetadataFetcher.readBounded(in, maxLength, name);
            }
        };
        return new RepositoryClient(
                new TrustedRepository(scenario, trustedRoot, Clock.systemUTC()), fromDisk, Limits.DEFAULT);
    }

    /** TUF 1.0 section 5.7: find the trusted entry, fetch it under its (consistent-snapshot) name, verify it. */
    private static byte[] download(String scenario, RepositoryClient client, String targetPath) {
        var resolved = client.findTarget(targetPath).orElseThrow();
        Path file = REPOSITORIES
                .resolve(scenario)
                .resolve("targets")
                .resolve(client.downloadPath(targetPath, resolved.file()));
        var sink = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            TargetVerification.copyVerified(in, resolved.file(), sink);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sink.toByteArray();
    }

    private static void assertDownloadsEveryTarget(String scenario, RepositoryClient client) {
        List<Map<String, Object>> targets = writtenTargets(scenario);
        assertThat(targets).isNotEmpty();
        for (var target : targets) {
            String path = Json.string(target, "path");
            byte[] bytes = download(scenario, client, path);
            assertThat(bytes).hasSize((int) Json.integer(target, "length"));
            assertThat(Hashing.sha256Hex(bytes)).as(path).isEqualTo(Json.string(target, "sha256"));
        }
    }

    private static void assertRefused(Runnable action, Attack attack, String because) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        AttackDetectedException.class,
                        e -> assertThat(e.attack()).isEqualTo(attack))
                .hasMessageContaining(because);
    }

    private static List<String> keyTypes(Root root, Scheme scheme) {
        return root.keys().values().stream()
                .filter(k -> k.scheme() == scheme)
                .map(TufKey::keyType)
                .distinct()
                .toList();
    }

    private static Map<String, Object> facts(String scenario) {
        return Json.object(Json.parse(read(REPOSITORIES.resolve(scenario).resolve("scenario.json"))), scenario);
    }

    private static List<Map<String, Object>> writtenTargets(String scenario) {
        var out = new ArrayList<Map<String, Object>>();
        for (Object t : Json.array(facts(scenario), "targets")) {
            out.add(Json.object(t, "target"));
        }
        return out;
    }

    private static String writtenSha256(String scenario, String path) {
        return writtenTargets(scenario).stream()
                .filter(t -> Json.string(t, "path").equals(path))
                .map(t -> Json.string(t, "sha256"))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String lastLine(String output) {
        return output.strip().lines().reduce((a, b) -> b).orElseThrow();
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(INTEROP.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.getFirst() + " is not installed: the interop test needs node 20.17+ and npm", e);
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
