package dev.ota.signing.tuf;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trust material from key ceremonies ({@code ota.signing.trust.*}).
 *
 * @param dir directory with {@code image/N.root.json}, {@code image/targets.json} and {@code director/N.root.json},
 *     the public outputs of the offline key ceremony, imported at start-up
 * @param devBootstrap when the directory is empty, run a development ceremony: generate offline keys (encrypted,
 *     under {@code dir/offline-keys-DEV-ONLY}) and sign the first roots and targets. Never in production.
 * @param devSuppliers supplier delegations of the development ceremony: role name to path patterns (the role's key
 *     is the online supplier key of the same name)
 */
@ConfigurationProperties("ota.signing.trust")
public record TrustProperties(
        Path dir,
        @DefaultValue("false") boolean devBootstrap,
        @DefaultValue java.util.Map<String, java.util.List<String>> devSuppliers) {}
