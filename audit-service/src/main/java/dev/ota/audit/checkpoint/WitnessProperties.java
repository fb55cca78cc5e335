package dev.ota.audit.checkpoint;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The witnesses whose cosignatures the log accepts ({@code ota.audit.witnesses.*}).
 *
 * @param keys witness verifier keys, {@code <name>+<key hash>+<base64(0x04 || Ed25519 public key)>}, as {@code witness
 *     keygen} prints them; checked at start-up
 */
@ConfigurationProperties("ota.audit.witnesses")
public record WitnessProperties(@DefaultValue List<String> keys) {}
