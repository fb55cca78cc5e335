package dev.ota.cli.campaign;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code ota campaign ...}: create (from a YAML file), show, and the lifecycle actions, each the campaign service's own
 * endpoint under the caller's role (approve: APPROVER, and not the campaign's creator; start, hold, resume, abort:
 * FLEET_OPS).
 */
@Command(
        name = "campaign",
        mixinStandardHelpOptions = true,
        description = "Campaigns: create, show, review, submit, approve, start, hold, resume, advance, abort.",
        subcommands = CreateCommand.class)
public final class CampaignCommand implements Runnable {

    private final Terminal terminal;

    CampaignCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void run() {
        throw CliFailure.usage(
                "name a subcommand: create, show, review, submit, approve, start, hold, resume, advance or"
                        + " abort (ota campaign --help)");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A campaign's state and stages.")
    int show(@Mixin OutputOption output, @Parameters(paramLabel = "ID") UUID id) {
        PlatformApi api = new PlatformApi(terminal);
        CampaignSnapshot snapshot = CampaignSnapshot.fetch(api, id);
        output.print(terminal, snapshot.toJson(), snapshot.describe());
        return 0;
    }

    @Command(
            name = "review",
            mixinStandardHelpOptions = true,
            description = "What each stage can prove with the campaign's health criteria on the fleet as it is now:"
                    + " read it before approving.")
    int review(@Mixin OutputOption output, @Parameters(paramLabel = "ID") UUID id) {
        JsonNode review = new PlatformApi(terminal).get(Service.CAMPAIGN, "/api/campaigns/" + id + "/review");
        output.print(terminal, review, describeReview(review));
        return 0;
    }

    /**
     * {@code targets 1000 vehicles now; a stage needs at least 52 to pass}, then one line per stage and per warning.
     */
    static String describeReview(JsonNode review) {
        StringBuilder text =
                new StringBuilder("targets " + review.path("targeted").asLong() + " vehicles now; ");
        text.append(
                review.path("smallestPassingStage").isNumber()
                        ? "a stage needs at least "
                                + review.path("smallestPassingStage").asInt() + " to pass"
                        : "no stage can pass these criteria");
        review.path("stages")
                .forEach(stage -> text.append(String.format(
                        java.util.Locale.ROOT,
                        "%nstage %d: %d vehicles, %s (%.1f %% upper bound with no failure)",
                        stage.path("stage").asInt(),
                        stage.path("vehicles").asInt(),
                        stage.path("canPass").asBoolean() ? "can pass" : "cannot pass",
                        100 * stage.path("upperBoundWithNoFailure").asDouble())));
        text.append(CreateCommand.warnings(review));
        return text.toString();
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Submit a draft for approval (RELEASE_ENGINEER).")
    int submit(@Mixin OutputOption output, @Parameters(paramLabel = "ID") UUID id) {
        return act(output, id, "submit", null, "submitted");
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approve a submitted campaign (APPROVER; four-eyes: not the person who created it).")
    int approve(
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID") UUID id,
            @Option(names = "--reason", description = "what you checked") @Nullable String reason) {
        return act(output, id, "approve", reason, "approved");
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start an approved campaign (FLEET_OPS).")
    int start(
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID") UUID id,
            @Option(names = "--reason") @Nullable String reason) {
        return act(output, id, "start", reason, "started");
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Pause a running campaign (FLEET_OPS).")
    int hold(
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID") UUID id,
            @Option(names = "--reason") @Nullable String reason) {
        return act(output, id, "hold", reason, "held");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused campaign (FLEET_OPS).")
    int resume(
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID") UUID id,
            @Option(names = "--reason") @Nullable String reason) {
        return act(output, id, "resume", reason, "resumed");
    }

    @Command(
            name = "advance",
            mixinStandardHelpOptions = true,
            description = "Move on to the next stage by hand (FLEET_OPS), e.g. after a stage whose health verdict is"
                    + " INSUFFICIENT_DATA: give the reason, it is audited.")
    int advance(
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID") UUID id,
            @Option(names = "--reason") @Nullable String reason) {
        return act(output, id, "advance", reason, "advanced");
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description = "Abort a campaign for good (FLEET_OPS).")
    int abort(
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID") UUID id,
            @Option(names = "--reason") @Nullable String reason) {
        return act(output, id, "abort", reason, "aborted");
    }

    private int act(OutputOption output, UUID id, String action, @Nullable String reason, String done) {
        PlatformApi api = new PlatformApi(terminal);
        JsonNode body = OutputOption.mapper().createObjectNode().put("reason", reason == null ? "" : reason);
        JsonNode campaign = api.post(Service.CAMPAIGN, "/api/campaigns/" + id + "/" + action, body);
        output.print(
                terminal,
                campaign,
                "campaign " + id + " " + done + ": now "
                        + campaign.path("state").asString()
                        + (action.equals("approve")
                                ? " (approved by " + campaign.path("approvedBy").asString() + ")"
                                : ""));
        return 0;
    }
}
