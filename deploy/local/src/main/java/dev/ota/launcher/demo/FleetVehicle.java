package dev.ota.launcher.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A simulated vehicle as the simulator's control API shows it. */
public record FleetVehicle(
        String vin, String model, int modelYear, String region, boolean online, String status, List<Ecu> ecus) {

    /**
     * One ECU and the version active in it.
     *
     * @param publicKey the TUF public key the ECU signs its reports with, as the factory exports it
     */
    public record Ecu(
            String serial, String hardwareId, boolean primary, String imageName, String version, JsonNode publicKey) {}

    static FleetVehicle of(JsonNode view) {
        List<Ecu> ecus = new ArrayList<>();
        for (JsonNode ecu : view.path("ecus")) {
            ecus.add(new Ecu(
                    ecu.path("serial").asString(),
                    ecu.path("hardwareId").asString(),
                    ecu.path("primary").asBoolean(),
                    ecu.path("installed").path("imageName").asString(),
                    ecu.path("installed").path("version").asString(),
                    ecu.path("publicKey")));
        }
        return new FleetVehicle(
                view.path("vin").asString(),
                view.path("model").asString(),
                view.path("modelYear").asInt(),
                view.path("region").asString(),
                view.path("online").asBoolean(),
                view.path("status").asString(),
                List.copyOf(ecus));
    }

    /** The version the ECU of this hardware id runs, if the vehicle has one. */
    public Optional<String> versionOn(String hardwareId) {
        return ecus.stream()
                .filter(e -> e.hardwareId().equals(hardwareId))
                .map(Ecu::version)
                .findFirst();
    }
}
