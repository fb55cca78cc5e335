package dev.ota.cli.release;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.image.Signatures;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.OfflineSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The release engineer's step, in one command: fetch the release candidate (the next {@code release} role with this
 * image added), sign it here with the engineer's encrypted key file (the key ceremony's signing code, {@link
 * OfflineSignature}; the private key never leaves this process) or inside the engineer's PKCS#11 token, and post the
 * signature. The signing service checks it,
 * adds the CI signature (threshold two) and publishes the image to vehicles. An image already released is left as it
 * is.
 */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Co-sign an uploaded image into the release role with your key file or your key in a PKCS#11"
                + " token (RELEASE_ENGINEER).")
public final class ReleaseCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    @Parameters(index = "0", paramLabel = "NAME", description = "the image name")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "its version")
    String version;

    /** The environment variable a non-interactive run takes the token's PIN from (never an argument). */
    static final String PIN_VARIABLE = "OTA_PKCS11_PIN";

    @Option(
            names = "--key",
            paramLabel = "KEYFILE",
            description = "your encrypted release key (passphrase: $OTA_KEY_PASSPHRASE or asked)")
    @Nullable
    Path key;

    @Option(
            names = "--pkcs11-library",
            paramLabel = "LIB",
            description = "sign with a key in a PKCS#11 token through this module, e.g. /usr/lib/softhsm/libsofthsm2.so"
                    + " (PIN: $" + PIN_VARIABLE + " or asked)")
    @Nullable
    Path pkcs11Library;

    @Option(
            names = "--slot",
            paramLabel = "ID",
            description = "the token's slot id; default the first slot with a token")
    @Nullable
    Long slot;

    @Option(names = "--key-label", paramLabel = "LABEL", description = "the label of your key in the token")
    @Nullable
    String keyLabel;

    private final Terminal terminal;

    ReleaseCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        checkOneKeySource();
        PlatformApi api = new PlatformApi(terminal);
        String image = "/api/images/" + name + "/" + version;
        JsonNode before = api.get(Service.SIGNING, image);
        if ("RELEASED".equals(before.path("status").asString())) {
            return report(before, false);
        }
        if (!"SIGNED".equals(before.path("status").asString())) {
            throw CliFailure.failed(name + " " + version + " is "
                    + before.path("status").asString() + "; only an uploaded (SIGNED) image can be released");
        }
        Signer signer = unlock();
        String candidate = api.getText(Service.SIGNING, image + "/release-candidate");
        String signed = OfflineSignature.sign(candidate.getBytes(StandardCharsets.UTF_8), signer);
        api.post(Service.SIGNING, image + "/co-sign", signed);
        return report(api.get(Service.SIGNING, image), true);
    }

    private void checkOneKeySource() {
        if ((key == null) == (pkcs11Library == null)) {
            throw CliFailure.usage("sign with either --key KEYFILE or --pkcs11-library LIB --key-label LABEL");
        }
        if (key != null && !Files.isRegularFile(key)) {
            throw CliFailure.usage("no key file at " + key);
        }
        if (pkcs11Library != null && keyLabel == null) {
            throw CliFailure.usage("name the key in the token: --key-label");
        }
        if (key != null && (slot != null || keyLabel != null)) {
            throw CliFailure.usage("--slot and --key-label go with --pkcs11-library");
        }
    }

    private Signer unlock() throws IOException {
        Path library = pkcs11Library;
        String label = keyLabel;
        if (library != null && label != null) {
            return Pkcs11KeySigner.open(library, slot, label, pin());
        }
        Path keyFile = java.util.Objects.requireNonNull(key);
        char[] passphrase;
        try {
            passphrase = OfflineSignature.passphrase(terminal.environment(), terminal.console());
            return OfflineSignature.unlock(keyFile, passphrase);
        } catch (IllegalArgumentException e) {
            throw CliFailure.failed("cannot use the key " + keyFile + ": " + e.getMessage());
        }
    }

    private char[] pin() {
        String fromEnvironment = terminal.variable(PIN_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        java.io.Console console = terminal.console();
        if (console == null) {
            throw CliFailure.usage("set " + PIN_VARIABLE + " or run on a terminal to be asked for the token's PIN");
        }
        char[] typed = console.readPassword("PIN of the PKCS#11 token: ");
        if (typed == null || typed.length == 0) {
            throw CliFailure.usage("no PIN given");
        }
        return typed;
    }

    private int report(JsonNode image, boolean released) {
        ObjectNode result = OutputOption.mapper().createObjectNode();
        result.put("released", released);
        result.set("image", image);
        output.print(
                terminal,
                result,
                (released ? "released " : "already released (nothing changed): ") + name + " " + version + " ("
                        + image.path("targetPath").asString() + ", release counter "
                        + image.path("releaseCounter").asLong() + "): vehicles can install it"
                        + Signatures.lines(image).stream()
                                .map(line -> "\n  signed: " + line)
                                .collect(java.util.stream.Collectors.joining()));
        return 0;
    }
}
