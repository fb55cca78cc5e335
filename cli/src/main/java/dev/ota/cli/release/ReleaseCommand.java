package dev.ota.cli.release;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.OfflineSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The release engineer's step, in one command: fetch the release candidate (the next {@code release} role with this
 * image added), sign it here with the engineer's encrypted key file (the key ceremony's signing code, {@link
 * OfflineSignature}; the private key never leaves this process), and post the signature. The signing service checks it,
 * adds the CI signature (threshold two) and publishes the image to vehicles. An image already released is left as it
 * is.
 */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Co-sign an uploaded image into the release role with your key file (RELEASE_ENGINEER).")
public final class ReleaseCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    @Parameters(index = "0", paramLabel = "NAME", description = "the image name")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "its version")
    String version;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "KEYFILE",
            description = "your encrypted release key (passphrase: $OTA_KEY_PASSPHRASE or asked)")
    Path key;

    private final Terminal terminal;

    ReleaseCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(key)) {
            throw CliFailure.usage("no key file at " + key);
        }
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

    private Signer unlock() throws IOException {
        char[] passphrase;
        try {
            passphrase = OfflineSignature.passphrase(terminal.environment(), terminal.console());
            return OfflineSignature.unlock(key, passphrase);
        } catch (IllegalArgumentException e) {
            throw CliFailure.failed("cannot use the key " + key + ": " + e.getMessage());
        }
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
                        + image.path("releaseCounter").asLong() + "): vehicles can install it");
        return 0;
    }
}
