package dev.ota.platform.assignments;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ota.assignments.*}: who seals assignments and whose seals the director believes.
 *
 * @param signerName this service's name as a signer ({@code campaign}, {@code rollback}); unset in services that seal
 *     nothing
 * @param signerKeyFile its Ed25519 private key (PKCS#8 PEM); a service with a signer name and no key does not start
 * @param updateSigners who may seal an update assignment: signer name to public key file (PEM)
 * @param rollbackSigners who may seal a rollback assignment: signer name to public key file (PEM)
 */
@ConfigurationProperties("ota.assignments")
public record AssignmentProperties(
        @Nullable String signerName,
        @Nullable Path signerKeyFile,
        @DefaultValue Map<String, Path> updateSigners,
        @DefaultValue Map<String, Path> rollbackSigners) {}
