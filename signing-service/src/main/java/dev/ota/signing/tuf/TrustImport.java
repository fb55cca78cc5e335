package dev.ota.signing.tuf;

import dev.ota.uptane.client.AttackDetectedException;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the public outputs of offline key ceremonies: root versions (each checked against the previous one exactly
 * as a client would, TUF 1.0 section 5.3) and the image repository's top-level targets (checked against root's
 * targets keys). The service never sees the offline private keys.
 */
@Service
public class TrustImport {

    private static final Logger log = LoggerFactory.getLogger(TrustImport.class);
    private static final Pattern ROOT_FILE = Pattern.compile("(\\d+)\\.root\\.json");

    private final MetadataStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TrustImport(MetadataStore store, TransactionTemplate transactions, TrustProperties properties, DevCeremony dev) {
        this.store = store;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
        if (properties.devBootstrap()) {
            dev.bootstrapIfEmpty(properties.dir(), properties.devSuppliers());
        }
        importDirectory(properties.dir());
    }

    private void importDirectory(Path dir) {
        for (String repo : List.of(MetadataStore.IMAGE, MetadataStore.DIRECTOR)) {
            Path repoDir = dir.resolve(repo);
            if (!Files.isDirectory(repoDir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(repoDir)) {
                var roots = files.filter(p ->
                                ROOT_FILE.matcher(p.getFileName().toString()).matches())
                        .sorted(Comparator.comparingLong(TrustImport::rootVersion))
                        .toList();
                for (Path root : roots) {
                    long stored = currentRootVersion(repo);
                    if (rootVersion(root) > stored) {
                        importRoot(repo, Files.readAllBytes(root));
                    }
                }
                Path targets = repoDir.resolve("targets.json");
                if (repo.equals(MetadataStore.IMAGE) && Files.exists(targets)) {
                    byte[] bytes = Files.readAllBytes(targets);
                    long version = SignedDocument.parse(bytes, Targets::fromJson)
                            .body()
                            .version();
                    long stored = store.latest(repo, "targets")
                            .map(MetadataStore.Stored::version)
                            .orElse(0L);
                    if (version > stored) {
                        importImageTargets(bytes);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long rootVersion(Path p) {
        var m = ROOT_FILE.matcher(p.getFileName().toString());
        m.matches();
        return Long.parseLong(m.group(1));
    }

    public long currentRootVersion(String repo) {
        return store.latest(repo, "root").map(MetadataStore.Stored::version).orElse(0L);
    }

    public SignedDocument<Root> currentRoot(String repo) {
        String doc = store.latest(repo, "root")
                .orElseThrow(() -> new IllegalStateException("no " + repo + " root imported yet"))
                .document();
        return SignedDocument.parse(doc, Root::fromJson);
    }

    /**
     * Imports the next root version. It must be signed by a threshold of the current root's keys and of its own
     * keys, and be exactly one version newer (TUF 1.0 sections 5.3.4 to 5.3.6).
     *
     * @throws AttackDetectedException when the document would not be accepted by a client
     */
    public Root importRoot(String repo, byte[] json) {
        return transactions.execute(tx -> {
            store.lock(repo);
            var candidate = SignedDocument.parse(json, Root::fromJson);
            var current = store.latest(repo, "root");
            Root accepted;
            if (current.isEmpty()) {
                if (candidate.body().version() != 1) {
                    throw new IllegalArgumentException("the first root must be version 1");
                }
                // TUF 1.0 section 5.2: the first root is trusted out of band, but must still meet its own threshold.
                accepted = new TrustedRepository(repo, json, clock).root().body();
            } else {
                var trusted =
                        new TrustedRepository(repo, current.get().document().getBytes(StandardCharsets.UTF_8), clock);
                accepted = trusted.updateRoot(json);
            }
            store.save(repo, "root", accepted.version(), accepted.expires(), canonical(json));
            log.info("imported {} root version {}", repo, accepted.version());
            return accepted;
        });
    }

    /** Imports a new top-level targets of the image repository, signed offline by root's targets keys. */
    public Targets importImageTargets(byte[] json) {
        return transactions.execute(tx -> {
            store.lock(MetadataStore.IMAGE);
            Root root = currentRoot(MetadataStore.IMAGE).body();
            var candidate = SignedDocument.parse(json, Targets::fromJson);
            if (!candidate.meetsThreshold(root.role(RoleType.TARGETS), root.keys())) {
                throw new IllegalArgumentException("targets is not signed by a threshold of root's targets keys");
            }
            long stored = store.latest(MetadataStore.IMAGE, "targets")
                    .map(MetadataStore.Stored::version)
                    .orElse(0L);
            if (candidate.body().version() <= stored) {
                throw new IllegalArgumentException("targets version must be above " + stored);
            }
            store.save(
                    MetadataStore.IMAGE,
                    "targets",
                    candidate.body().version(),
                    candidate.body().expires(),
                    canonical(json));
            log.info(
                    "imported image repository targets version {}",
                    candidate.body().version());
            return candidate.body();
        });
    }

    private static String canonical(byte[] json) {
        return SignedDocument.parse(json, m -> m).toJson();
    }
}
