package dev.ota.cli;

/**
 * A failure the user is told about in one line on stderr, with the exit code it ends the process with. Never shown as
 * a stack trace.
 */
public final class CliFailure extends RuntimeException {

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The platform refused, or a check failed. */
    public static CliFailure failed(String message) {
        return new CliFailure(ExitCode.FAILED, message);
    }

    /** The command line was wrong. */
    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNullElse(super.getMessage(), "failed");
    }
}
