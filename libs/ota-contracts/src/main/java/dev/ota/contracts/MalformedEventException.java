package dev.ota.contracts;

/**
 * A message that can never be processed: not JSON, not an event, or missing a required field. Consumers send it to the
 * dead-letter topic with {@link #getMessage()} as the reason, and go on.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
