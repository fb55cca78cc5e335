package dev.ota.cli.audit;

import dev.ota.cli.CliFailure;
import dev.ota.cli.ExitCode;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ota audit ...} as an auditor: verify the whole log (every leaf, the tree, every signed checkpoint), and
 * export an evidence bundle that {@code verify-bundle} checks offline.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The audit log: verify it, export evidence bundles (AUDITOR).",
        subcommands = ExportCommand.class)
public final class AuditCommand implements Runnable {

    private final Terminal terminal;

    AuditCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void run() {
        throw CliFailure.usage("name a subcommand: verify, export or key (ota audit --help)");
    }

    @Command(
            name = "key",
            mixinStandardHelpOptions = true,
            description = "Print the log's checkpoint verifier key, the one verify-bundle needs. Keep a copy you"
                    + " trust: a bundle does not carry its key.")
    int key(@Mixin OutputOption output) {
        JsonNode key = new PlatformApi(terminal).get(Service.AUDIT, "/api/audit/checkpoints/key");
        String verifierKey = key.path("verifierKey").asString("");
        if (verifierKey.isEmpty()) {
            throw CliFailure.failed("audit-service answered without a verifier key");
        }
        output.print(terminal, key, verifierKey);
        return ExitCode.OK;
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Verify the whole log; exit code 1 when it is not intact.")
    int verify(
            @Mixin OutputOption output,
            @Option(
                            names = "--checkpoint",
                            paramLabel = "FILE",
                            description = "a signed checkpoint you kept earlier: the log must still contain it")
                    @Nullable
                    Path checkpoint)
            throws IOException {
        ObjectNode request = OutputOption.mapper().createObjectNode();
        if (checkpoint != null) {
            request.put("checkpoint", Files.readString(checkpoint));
        }
        JsonNode report = new PlatformApi(terminal).post(Service.AUDIT, "/api/audit/verify", request);
        boolean intact = report.path("intact").asBoolean(false);
        output.print(terminal, report, describe(report));
        return intact ? ExitCode.OK : ExitCode.FAILED;
    }

    static String describe(JsonNode report) {
        if (report.path("intact").asBoolean(false)) {
            return "intact: " + report.path("entries").asLong() + " entries, "
                    + report.path("checkpointsChecked").asInt() + " signed checkpoints checked, root hash "
                    + report.path("rootHash").asString();
        }
        StringBuilder text = new StringBuilder("NOT INTACT");
        if (report.path("firstBadIndex").isNumber()) {
            text.append(": first bad entry ")
                    .append(report.path("firstBadIndex").asLong());
        }
        report.path("problems").forEach(problem -> text.append("; ").append(problem.asString()));
        return text.toString();
    }
}
