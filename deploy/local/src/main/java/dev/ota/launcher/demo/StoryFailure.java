package dev.ota.launcher.demo;

/** A step of the story did not turn out as the platform promises. */
public final class StoryFailure extends RuntimeException {

    public StoryFailure(String message) {
        super(message);
    }
}
