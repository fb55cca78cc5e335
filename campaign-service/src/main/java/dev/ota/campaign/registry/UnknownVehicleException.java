package dev.ota.campaign.registry;

/** No vehicle with this VIN is registered. */
public class UnknownVehicleException extends RuntimeException {

    public UnknownVehicleException(String vin) {
        super("no vehicle registered with VIN " + vin);
    }
}
