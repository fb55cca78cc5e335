package dev.ota.platform.assignments;

import dev.ota.contracts.AssignmentKeyFiles;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The signer of a service that makes assignments, and the check a service that acts on them applies. */
@AutoConfiguration
@EnableConfigurationProperties(AssignmentProperties.class)
public class AssignmentSealConfiguration {

    /** Only where {@code ota.assignments.signer-name} is set; without its key file the service does not start. */
    @Bean
    @ConditionalOnProperty("ota.assignments.signer-name")
    AssignmentSigner assignmentSigner(AssignmentProperties properties) {
        Path keyFile = properties.signerKeyFile();
        if (keyFile == null || keyFile.toString().isBlank()) {
            throw new IllegalStateException("ota.assignments.signer-key-file (OTA_ASSIGNMENTS_SIGNER_KEY_FILE) is not"
                    + " set: this service seals every assignment it makes with its Ed25519 key, and the director signs"
                    + " nothing for an unsealed one. Make one with `openssl genpkey -algorithm ed25519` and give the"
                    + " director its public key (ota.assignments.update-signers / rollback-signers).");
        }
        return new AssignmentSigner(
                java.util.Objects.requireNonNull(properties.signerName()), AssignmentKeyFiles.readPrivate(keyFile));
    }

    @Bean
    AssignmentSealCheck assignmentSealCheck(AssignmentProperties properties) {
        return new AssignmentSealCheck(keys(properties.updateSigners()), keys(properties.rollbackSigners()));
    }

    private static Map<String, PublicKey> keys(Map<String, Path> files) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        files.forEach((name, file) -> {
            if (!file.toString().isBlank()) {
                keys.put(name, AssignmentKeyFiles.readPublic(file));
            }
        });
        return keys;
    }
}
