package dev.ota.cli.campaign;

import dev.ota.cli.CliFailure;
import dev.ota.cli.DurationConverter;
import dev.ota.cli.ExitCode;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.PlatformApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows a campaign until it settles, printing each change of its state, stages and verdicts, and exits with the
 * outcome ({@link WatchOutcome}): 0 COMPLETED, 3 ABORTED, ROLLED_BACK or paused by a FAIL verdict, 4 when the timeout
 * passes first. A CI job gates on it.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Follow a campaign's stages and verdicts until it settles; the exit code is the outcome"
                + " (0 COMPLETED, 3 ABORTED, ROLLED_BACK or paused for a failure, 4 timeout).")
public final class WatchCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    OutputOption output;

    @Parameters(index = "0", paramLabel = "ID", description = "the campaign")
    UUID id;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "30m",
            description = "give up after this long (90s, 10m, 2h; default ${DEFAULT-VALUE})")
    Duration timeout = Duration.ofMinutes(30);

    @Option(
            names = "--interval",
            converter = DurationConverter.class,
            defaultValue = "2s",
            description = "how often to look (default ${DEFAULT-VALUE})")
    Duration interval = Duration.ofSeconds(2);

    private final Terminal terminal;
    private final Clock clock;

    WatchCommand(Terminal terminal) {
        this.terminal = terminal;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero()) {
            throw CliFailure.usage("--interval must be positive");
        }
        PlatformApi api = new PlatformApi(terminal);
        Instant deadline = clock.instant().plus(timeout);
        String lastPrinted = "";
        while (true) {
            CampaignSnapshot snapshot = CampaignSnapshot.fetch(api, id);
            String now = snapshot.describe();
            if (!output.json() && !now.equals(lastPrinted)) {
                terminal.out().println(TIME.format(clock.instant()) + " " + now);
                terminal.out().flush();
                lastPrinted = now;
            }
            WatchOutcome outcome = WatchOutcome.of(snapshot);
            if (outcome instanceof WatchOutcome.Settled settled) {
                return finish(snapshot, settled.outcome(), settled.reason(), settled.exitCode());
            }
            if (!clock.instant().isBefore(deadline)) {
                return finish(
                        snapshot,
                        "TIMED_OUT",
                        "still " + snapshot.state() + " after "
                                + timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT),
                        ExitCode.TIMED_OUT);
            }
            pause();
        }
    }

    private int finish(CampaignSnapshot snapshot, String outcome, String reason, int exitCode) {
        ObjectNode result = snapshot.toJson();
        result.put("outcome", outcome);
        result.put("reason", reason);
        result.put("exitCode", exitCode);
        output.print(terminal, result, outcome + ": " + reason);
        return exitCode;
    }

    private void pause() {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }
}
