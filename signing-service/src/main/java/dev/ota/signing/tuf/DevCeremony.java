package dev.ota.signing.tuf;

import dev.ota.signing.ceremony.Ceremony;
import dev.ota.signing.keys.KeyProperties;
import dev.ota.signing.keys.OnlineKeys;
import dev.ota.signing.keys.OnlineRole;
import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Development and test only ({@code ota.signing.trust.dev-bootstrap=true}): when no ceremony output exists, performs
 * one in-process so the platform runs out of the box. The offline keys it generates are written encrypted to {@code
 * <trust dir>/offline-keys-DEV-ONLY/} and are NOT loaded by the service; tests use them to play the key holders
 * (root rotation, release co-signature). Production runs the {@code KeyCeremony} tool on an offline machine instead.
 */
@Component
public class DevCeremony {

    private static final Logger log = LoggerFactory.getLogger(DevCeremony.class);
    public static final String OFFLINE_DIR = "offline-keys-DEV-ONLY";

    private final OnlineKeys online;
    private final char[] passphrase;

    DevCeremony(OnlineKeys online, KeyProperties keys) {
        this.online = online;
        this.passphrase = keys.passphrase().toCharArray();
    }

    void bootstrapIfEmpty(Path trustDir, Map<String, List<String>> suppliers) {
        if (Files.exists(trustDir.resolve("image/1.root.json"))) {
            return;
        }
        log.warn("no ceremony output in {}: running a DEVELOPMENT key ceremony (never use in production)", trustDir);
        try {
            Path offline = Files.createDirectories(trustDir.resolve(OFFLINE_DIR));
            Files.createDirectories(trustDir.resolve("image"));
            Files.createDirectories(trustDir.resolve("director"));
            Instant expires = Instant.now().plus(Duration.ofDays(365));
            List<Signer> imageRoot =
                    List.of(key(offline, "image-root-1"), key(offline, "image-root-2"), key(offline, "image-root-3"));
            Signer imageTargets = key(offline, "image-targets");
            Signer releaseEngineer = key(offline, "release-engineer");
            var root = Ceremony.root(
                    1,
                    expires,
                    imageRoot.stream().map(Signer::publicKey).toList(),
                    2,
                    List.of(imageTargets.publicKey()),
                    1,
                    online.signer(OnlineRole.IMAGE_SNAPSHOT).publicKey(),
                    online.signer(OnlineRole.IMAGE_TIMESTAMP).publicKey());
            // each root key holder signs separately; the signatures are then combined
            var signedRoot = root.withSignatureBy(imageRoot.get(0)).combine(root.withSignatureBy(imageRoot.get(1)));
            Files.writeString(trustDir.resolve("image/1.root.json"), signedRoot.toJson());
            var supplierDelegations = new java.util.LinkedHashMap<String, Ceremony.SupplierDelegation>();
            suppliers.forEach((name, paths) -> {
                Signer key = online.suppliers().get(name);
                if (key == null) {
                    throw new IllegalStateException(
                            "supplier " + name + " has no online key (ota.signing.keys.suppliers)");
                }
                supplierDelegations.put(name, new Ceremony.SupplierDelegation(key.publicKey(), paths));
            });
            var targets = Ceremony.imageTopLevelTargets(
                    1,
                    expires,
                    online.signer(OnlineRole.CI).publicKey(),
                    List.of(releaseEngineer.publicKey()),
                    online.signer(OnlineRole.IMAGE_DELTAS).publicKey(),
                    supplierDelegations);
            Files.writeString(
                    trustDir.resolve("image/targets.json"),
                    targets.withSignatureBy(imageTargets).toJson());
            List<Signer> directorRoot = List.of(
                    key(offline, "director-root-1"), key(offline, "director-root-2"), key(offline, "director-root-3"));
            var director = Ceremony.root(
                    1,
                    expires,
                    directorRoot.stream().map(Signer::publicKey).toList(),
                    2,
                    List.of(online.signer(OnlineRole.DIRECTOR_TARGETS).publicKey()),
                    1,
                    online.signer(OnlineRole.DIRECTOR_SNAPSHOT).publicKey(),
                    online.signer(OnlineRole.DIRECTOR_TIMESTAMP).publicKey());
            var signedDirector = director.withSignatureBy(directorRoot.get(0)).withSignatureBy(directorRoot.get(1));
            Files.writeString(trustDir.resolve("director/1.root.json"), signedDirector.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Signer key(Path dir, String name) throws IOException {
        Signer signer = Signers.generate(Scheme.ED25519);
        EncryptedKeyFile.write(dir.resolve(name + ".key"), signer, passphrase);
        return signer;
    }
}
