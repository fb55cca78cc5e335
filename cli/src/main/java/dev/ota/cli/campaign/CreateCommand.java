package dev.ota.cli.campaign;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates a campaign from a YAML file as a release engineer: shows how many vehicles its target matches (the campaign
 * service's targeting preview, by model and region) and warns of stages too small to pass its health criteria (the
 * campaign service's review), asks for confirmation unless {@code --yes}, creates it and submits it for approval
 * (four-eyes: another person approves).
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a campaign from a YAML file and submit it for approval (RELEASE_ENGINEER).")
public final class CreateCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "the campaign, in YAML")
    Path file;

    @Option(
            names = {"-y", "--yes"},
            description = "do not ask for confirmation (CI)")
    boolean yes;

    @Option(names = "--draft", description = "create it only; submit it later")
    boolean draft;

    private final Terminal terminal;

    CreateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        CampaignFile campaign = CampaignFile.read(file);
        PlatformApi api = new PlatformApi(terminal);
        JsonNode preview = api.post(Service.CAMPAIGN, "/api/targeting/preview", campaign.target());
        JsonNode review = api.post(Service.CAMPAIGN, "/api/campaigns/review", campaign.definition());
        String summary = "campaign \"" + campaign.name() + "\": " + campaign.stageCount() + " stage(s), targets "
                + describe(preview) + warnings(review);
        if (!yes) {
            terminal.err().println(summary);
            terminal.err().flush();
            if (!terminal.confirm(
                    draft ? "create it?" : "create it and submit it for approval?",
                    "no terminal to confirm on: pass --yes")) {
                throw CliFailure.failed("not created");
            }
        }
        JsonNode created = api.post(Service.CAMPAIGN, "/api/campaigns", campaign.definition());
        String id = created.path("id").asString();
        JsonNode result =
                draft ? created : api.post(Service.CAMPAIGN, "/api/campaigns/" + id + "/submit", (JsonNode) null);
        ObjectNode json = OutputOption.mapper().createObjectNode();
        json.put("id", id);
        json.put("state", result.path("state").asString());
        json.set("preview", preview);
        json.set("review", review);
        json.set("campaign", result);
        output.print(
                terminal,
                json,
                summary + "\ncreated campaign " + id + ": "
                        + result.path("state").asString()
                        + (draft ? "" : " (another person approves it: ota campaign approve " + id + ")"));
        return 0;
    }

    /** The campaign service's review of the stages against the health criteria: one line per warning. */
    static String warnings(JsonNode review) {
        StringBuilder lines = new StringBuilder();
        review.path("warnings").forEach(warning -> lines.append("\nwarning: ").append(warning.asString()));
        return lines.toString();
    }

    /** {@code 50 vehicles (model Sim-S 50; region EU 50)} */
    static String describe(JsonNode preview) {
        return preview.path("total").asLong() + " vehicles (model " + counts(preview.path("byModel")) + "; region "
                + counts(preview.path("byRegion")) + ")";
    }

    private static String counts(JsonNode byKey) {
        StringJoiner text = new StringJoiner(", ");
        byKey.properties().forEach(e -> text.add(e.getKey() + " " + e.getValue().asLong()));
        return text.length() == 0 ? "-" : text.toString();
    }
}
