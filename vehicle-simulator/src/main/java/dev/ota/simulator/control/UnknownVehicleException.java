package dev.ota.simulator.control;

final class UnknownVehicleException extends RuntimeException {

    UnknownVehicleException(String vin) {
        super("no simulated vehicle " + vin);
    }
}
