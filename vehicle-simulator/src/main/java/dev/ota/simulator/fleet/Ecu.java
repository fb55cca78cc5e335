package dev.ota.simulator.fleet;

import dev.ota.uptane.crypto.Signer;
import org.jspecify.annotations.Nullable;

/**
 * One ECU: serial, hardware id, its own signing key (for its version reports), and two slots (A/B). An image is
 * written to the inactive slot, booted, and either kept (the slots swap roles) or reverted. Guarded by the vehicle.
 *
 * @param fullVerification this ECU verifies against both repositories itself; otherwise it does partial verification
 */
public final class Ecu {

    private final String serial;
    private final String hardwareId;
    private final boolean primary;
    private final boolean fullVerification;
    private final Signer key;
    private final @Nullable InstalledImage[] slots = new InstalledImage[2];
    private int active;

    Ecu(
            String serial,
            String hardwareId,
            boolean primary,
            boolean fullVerification,
            Signer key,
            InstalledImage factory) {
        this.serial = serial;
        this.hardwareId = hardwareId;
        this.primary = primary;
        this.fullVerification = fullVerification;
        this.key = key;
        this.slots[0] = factory;
    }

    public String serial() {
        return serial;
    }

    public String hardwareId() {
        return hardwareId;
    }

    public boolean primary() {
        return primary;
    }

    public boolean fullVerification() {
        return fullVerification;
    }

    public Signer key() {
        return key;
    }

    public InstalledImage installed() {
        InstalledImage image = slots[active];
        if (image == null) {
            throw new IllegalStateException("active slot of " + serial + " is empty");
        }
        return image;
    }

    public @Nullable InstalledImage inactive() {
        return slots[1 - active];
    }

    public char activeSlot() {
        return active == 0 ? 'A' : 'B';
    }

    void writeInactive(InstalledImage image) {
        slots[1 - active] = image;
    }

    /** Boots the other slot: after an install to keep the new image, after a rollback to return to the old one. */
    void switchSlot() {
        if (slots[1 - active] == null) {
            throw new IllegalStateException("nothing to boot in the inactive slot of " + serial);
        }
        active = 1 - active;
    }
}
