package dev.ota.cli.image;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Uploads an image as CI ({@code PUT /api/images/{name}/{version}}, role CI_PIPELINE). The file is hashed first and its
 * SHA-256 declared, so the service refuses bytes that changed on the way; then it is streamed, never held in memory.
 * Pushing the same bytes again is not an error: the service answers 200 with the entry it signed the first time.
 */
@Command(
        name = "push",
        description = "Upload an image (CI); the service signs it into its staging role. Same bytes again: no change.")
public final class PushCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    // not mixinStandardHelpOptions: its --version would clash with the image's
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "the image file")
    Path file;

    @Option(names = "--name", required = true, description = "the image name, e.g. ecm-fw")
    String name;

    @Option(names = "--version", required = true, description = "its version, e.g. 4.2.0")
    String version;

    @Option(
            names = "--hardware-id",
            required = true,
            paramLabel = "ID",
            description = "an ECU hardware id it is for (repeatable)")
    List<String> hardwareIds = new ArrayList<>();

    @Option(names = "--release-counter", required = true, description = "its Uptane release counter (anti-rollback)")
    long releaseCounter;

    @Option(names = "--custom", paramLabel = "KEY=VALUE", description = "a custom target field (repeatable)")
    Map<String, String> custom = new LinkedHashMap<>();

    private final Terminal terminal;

    PushCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage("no image file at " + file);
        }
        long length = Files.size(file);
        String sha256 = sha256(file);
        PlatformApi api = new PlatformApi(terminal);
        UploadProgress progress = new UploadProgress(terminal, name + " " + version, length);
        PlatformApi.Reply reply = api.send(
                Service.SIGNING, "PUT", uploadPath(sha256), "application/octet-stream", progress.counting(file));
        progress.finish();
        boolean created = reply.status() == 201;
        JsonNode signed = reply.body();
        ObjectNode result = OutputOption.mapper().createObjectNode();
        result.put("created", created);
        result.put("bytes", length);
        result.put("sha256", sha256);
        result.set("image", signed);
        output.print(
                terminal,
                result,
                (created ? "pushed " : "already pushed (same bytes, nothing changed): ") + name + " " + version + " ("
                        + length + " bytes, sha256 " + sha256 + ") as "
                        + signed.path("targetPath").asString()
                        + ", signed into role " + signed.path("role").asString() + ", status "
                        + signed.path("status").asString());
        return 0;
    }

    String uploadPath(String sha256) {
        StringBuilder path = new StringBuilder("/api/images/")
                .append(encode(name))
                .append('/')
                .append(encode(version))
                .append("?releaseCounter=")
                .append(releaseCounter)
                .append("&sha256=")
                .append(sha256);
        hardwareIds.forEach(id -> path.append("&hardwareId=").append(encode(id)));
        custom.forEach((key, value) ->
                path.append("&custom.").append(encode(key)).append('=').append(encode(value)));
        return path.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
