package dev.ota.campaign.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle as end-of-line or the fleet system registers it.
 *
 * @param timeZone IANA zone for maintenance windows, e.g. Europe/Berlin
 */
public record VehicleRegistration(
        @NotBlank @Pattern(regexp = "[A-HJ-NPR-Z0-9]{17}", message = "must be a 17-character VIN")
        String vin,

        @NotBlank @Size(max = 100) String model,
        @Min(1980) @Max(2100) int modelYear,
        @NotBlank @Size(max = 50) String region,
        @NotBlank @Size(max = 50) String market,
        @Nullable List<@NotBlank String> tags,
        @Nullable String timeZone,
        @NotEmpty List<@Valid EcuRegistration> ecus) {

    /**
     * An ECU fitted to the vehicle.
     *
     * @param publicKey the ECU's public key as TUF writes it ({@code keytype}, {@code scheme}, {@code keyval.public}),
     *     which signs its version reports; only a vehicle provisioner may register or replace one. Left out, the key
     *     already registered is kept.
     */
    public record EcuRegistration(
            @NotBlank @Size(max = 100) String serial,
            @NotBlank @Size(max = 100) String hardwareId,
            boolean primary,
            @Nullable Map<String, Object> publicKey) {

        public EcuRegistration(String serial, String hardwareId, boolean primary) {
            this(serial, hardwareId, primary, null);
        }
    }
}
