package dev.ota.audit.checkpoint;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Checkpoint settings ({@code ota.audit.checkpoint.*}).
 *
 * @param interval how often a checkpoint is signed when the log has grown
 * @param origin the log's name: first line of every checkpoint and name of the signing key
 * @param keyFile the Ed25519 private key seed, base64, readable only by the service
 * @param generateKeyIfMissing create the key on first start (development); production provisions it
 */
@Validated
@ConfigurationProperties("ota.audit.checkpoint")
public record CheckpointProperties(
        @NotNull @DefaultValue("PT1M") Duration interval,
        @NotBlank @DefaultValue("audit.ota.dev/log") String origin,
        @NotNull Path keyFile,
        @DefaultValue("false") boolean generateKeyIfMissing) {}
