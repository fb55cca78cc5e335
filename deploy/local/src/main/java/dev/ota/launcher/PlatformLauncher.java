package dev.ota.launcher;

/** Placeholder replaced by the launcher implementation in the next commit. */
public final class PlatformLauncher {

    private PlatformLauncher() {}

    public static void main(String[] args) {
        throw new UnsupportedOperationException("not built yet");
    }
}
