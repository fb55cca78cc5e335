package dev.ota.audit.checkpoint;

import dev.ota.audit.note.NoteSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the log's signing key, or creates it (owner-only file) when allowed and absent. */
@Configuration(proxyBeanMethods = false)
class LogKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LogKeyConfiguration.class);

    @Bean
    NoteSigner logSigner(CheckpointProperties properties) throws IOException {
        Path file = properties.keyFile();
        if (!Files.exists(file)) {
            if (!properties.generateKeyIfMissing()) {
                throw new IllegalStateException("no checkpoint signing key at " + file.toAbsolutePath()
                        + " (set ota.audit.checkpoint.generate-key-if-missing=true to create one)");
            }
            create(file);
        }
        byte[] seed = Base64.getDecoder()
                .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        NoteSigner signer = new NoteSigner(properties.origin(), seed);
        log.info(
                "audit log signs checkpoints with verifier key {}",
                signer.publicKey().verifierKey());
        return signer;
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("cannot restrict permissions of {}", file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(NoteSigner.newSeed()) + "\n");
        log.warn("created a new checkpoint signing key at {}", file.toAbsolutePath());
    }
}
