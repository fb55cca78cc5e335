package dev.ota.cli.audit;

import dev.ota.cli.CliFailure;
import dev.ota.cli.ExitCode;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
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
        description = "The audit log: verify it, export evidence bundles (AUDITOR).")
public final class AuditCommand implements Runnable {

    private final Terminal terminal;

    AuditCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void run() {
        throw CliFailure.usage("name a subcommand: verify or export (ota audit --help)");
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
                    @Nullable Path checkpoint)
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
            return "intact: " + report.path("entries").asLong() + " entries, " + report.path("checkpointsChecked").asInt()
                    + " signed checkpoints checked, root hash " + report.path("rootHash").asString();
        }
        StringBuilder text = new StringBuilder("NOT INTACT");
        if (report.path("firstBadIndex").isNumber()) {
            text.append(": first bad entry ").append(report.path("firstBadIndex").asLong());
        }
        report.path("problems").forEach(problem -> text.append("; ").append(problem.asString()));
        return text.toString();
    }

    /** What to export: one vehicle, one campaign, or the events of a time range. */
    static final class Scope {

        @Option(names = "--vehicle", paramLabel = "VIN", description = "one vehicle's software history")
        @Nullable String vin;

        @Option(names = "--campaign", paramLabel = "ID", description = "one campaign's record")
        @Nullable UUID campaign;

        @ArgGroup(exclusive = false)
        @Nullable Range range;
    }

    /** The events between two instants, optionally of one type. */
    static final class Range {

        @Option(names = "--from", required = true, description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z")
        Instant from;

        @Option(names = "--to", required = true)
        Instant to;

        @Option(names = "--type", description = "an event type, e.g. ota.UpdateAssigned.v1")
        @Nullable String type;
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Export an evidence bundle (JSON lines or CSV) with its proofs and signed checkpoint.")
    int export(
            @Mixin OutputOption output,
            @ArgGroup(exclusive = true, multiplicity = "1") Scope scope,
            @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or csv") String format,
            @Option(names = "--to-file", paramLabel = "FILE", description = "write it here instead of stdout")
                    @Nullable Path target)
            throws IOException {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw CliFailure.usage("--format is jsonl or csv");
        }
        byte[] bundle = new PlatformApi(terminal).download(Service.AUDIT, path(scope) + "format=" + format);
        if (target == null) {
            terminal.out().print(new String(bundle, StandardCharsets.UTF_8));
            terminal.out().flush();
            return ExitCode.OK;
        }
        Files.write(target, bundle);
        output.print(
                terminal,
                OutputOption.mapper()
                        .createObjectNode()
                        .put("file", target.toString())
                        .put("bytes", bundle.length)
                        .put("format", format),
                "wrote " + bundle.length + " bytes to " + target + " (check it offline with verify-bundle)");
        return ExitCode.OK;
    }

    static String path(Scope scope) {
        if (scope.vin != null) {
            return "/api/audit/exports/vehicles/" + encode(scope.vin) + "?";
        }
        if (scope.campaign != null) {
            return "/api/audit/exports/campaigns/" + scope.campaign + "?";
        }
        Range range = java.util.Objects.requireNonNull(scope.range, "the group requires one of the three");
        return "/api/audit/exports/events?from=" + range.from + "&to=" + range.to
                + (range.type == null ? "" : "&type=" + encode(range.type)) + "&";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
