package dev.ota.cli.image;

import dev.ota.cli.CliFailure;
import picocli.CommandLine.Command;

/** {@code ota image ...}: images in the signing service's repository. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = "Images in the image repository.",
        subcommands = {PushCommand.class, ListCommand.class})
public final class ImageCommand implements Runnable {

    @Override
    public void run() {
        throw CliFailure.usage("name a subcommand: ota image push | list (ota image --help)");
    }
}
