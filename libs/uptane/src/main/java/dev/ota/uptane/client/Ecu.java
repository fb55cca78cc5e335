package dev.ota.uptane.client;

/**
 * What a Primary knows about one ECU of its vehicle: its serial, its hardware id and the release counter of the image
 * it has installed (the anti-rollback floor).
 */
public record Ecu(String serial, String hardwareId, long installedReleaseCounter) {}
