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
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Exports an evidence bundle (one vehicle, one campaign, or the events of a time range) with its inclusion proofs and
 * the signed checkpoint they lead to; {@code verify-bundle} checks it offline.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export an evidence bundle (JSON lines or CSV) with its proofs and signed checkpoint.")
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or csv")
    String format = "jsonl";

    @Option(names = "--to-file", paramLabel = "FILE", description = "write it here instead of stdout")
    @Nullable
    Path target;

    private final Terminal terminal;

    ExportCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** What to export: one vehicle, one campaign, or the events of a time range. */
    static final class Scope {

        @Option(names = "--vehicle", paramLabel = "VIN", description = "one vehicle's software history")
        @Nullable
        String vin;

        @Option(names = "--campaign", paramLabel = "ID", description = "one campaign's record")
        @Nullable
        UUID campaign;

        @ArgGroup(exclusive = false)
        @Nullable
        Range range;
    }

    /** The events between two instants, optionally of one type. */
    static final class Range {

        @Option(names = "--from", required = true, description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z")
        Instant from;

        @Option(names = "--to", required = true)
        Instant to;

        @Option(names = "--type", description = "an event type, e.g. ota.UpdateAssigned.v1")
        @Nullable
        String type;
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw CliFailure.usage("--format is jsonl or csv");
        }
        byte[] bundle = new PlatformApi(terminal).download(Service.AUDIT, path(scope) + "format=" + format);
        Path file = target;
        if (file == null) {
            terminal.out().print(new String(bundle, StandardCharsets.UTF_8));
            terminal.out().flush();
            return ExitCode.OK;
        }
        Files.write(file, bundle);
        output.print(
                terminal,
                OutputOption.mapper()
                        .createObjectNode()
                        .put("file", file.toString())
                        .put("bytes", bundle.length)
                        .put("format", format),
                "wrote " + bundle.length + " bytes to " + file + " (check it offline with verify-bundle)");
        return ExitCode.OK;
    }

    /** The export endpoint with its query so far, ready for one more parameter. */
    static String path(Scope scope) {
        if (scope.vin != null) {
            return "/api/audit/exports/vehicles/" + encode(scope.vin) + "?";
        }
        if (scope.campaign != null) {
            return "/api/audit/exports/campaigns/" + scope.campaign + "?";
        }
        Range range = Objects.requireNonNull(scope.range, "picocli requires one of the three");
        return "/api/audit/exports/events?from=" + range.from + "&to=" + range.to
                + (range.type == null ? "" : "&type=" + encode(range.type)) + "&";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
