package dev.ota.cli;

/** What the process exit code of an {@code ota} command means (docs/cli.md, "Exit codes"). */
public final class ExitCode {

    /** Done as asked; for {@code watch}, the campaign COMPLETED. */
    public static final int OK = 0;

    /** The platform refused or could not be reached, or a check failed (an audit log that is not intact). */
    public static final int FAILED = 1;

    /** The command line was wrong: an unknown option, a missing argument, no terminal to confirm on. */
    public static final int USAGE = 2;

    /** {@code watch}: the campaign ended badly (ABORTED, ROLLED_BACK) or was paused by a FAIL verdict. */
    public static final int CAMPAIGN_FAILED = 3;

    /** {@code watch}: the campaign did not finish in time. */
    public static final int TIMED_OUT = 4;

    private ExitCode() {}
}
