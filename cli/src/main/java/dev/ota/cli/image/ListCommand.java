package dev.ota.cli.image;

import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** The image repository's images, newest first, each with its status and who signed it with which key. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List images with their status and who signed them (any reader).")
public final class ListCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    @Option(names = "--name", description = "only versions of this image")
    @Nullable
    String name;

    private final Terminal terminal;

    ListCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String path = "/api/images" + (name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        JsonNode images = new PlatformApi(terminal).get(Service.SIGNING, path);
        StringBuilder text = new StringBuilder();
        images.forEach(image -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(image.path("name").asString())
                    .append(' ')
                    .append(image.path("version").asString())
                    .append("  ")
                    .append(image.path("status").asString())
                    .append("  release counter ")
                    .append(image.path("releaseCounter").asLong());
            Signatures.lines(image).forEach(line -> text.append("\n  signed: ").append(line));
        });
        output.print(terminal, images, images.isEmpty() ? "no images" : text.toString());
        return 0;
    }
}
