package dev.ota.campaign.registry;

/** A caller without the vehicle provisioner role tried to register or replace an ECU key. */
public class EcuKeyRegistrationForbidden extends RuntimeException {

    public EcuKeyRegistrationForbidden(String vin, String ecuSerial) {
        super("only a vehicle provisioner may register or replace the key of ECU " + ecuSerial + " of " + vin);
    }
}
