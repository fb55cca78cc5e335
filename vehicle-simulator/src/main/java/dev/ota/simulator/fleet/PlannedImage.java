package dev.ota.simulator.fleet;

/** A verified image and the ECU it is for. */
public record PlannedImage(Ecu ecu, InstalledImage image) {}
