package dev.ota.uptane.json;

/** A document that is not what the TUF / Uptane format says it must be. */
public class MalformedMetadataException extends RuntimeException {

    public MalformedMetadataException(String message) {
        super(message);
    }

    public MalformedMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
