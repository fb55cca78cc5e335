package dev.ota.campaign.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle as end-of-line or the fleet system registers it.
 *
 * @param primaryEcuKey the primary ECU's Ed25519 public key (hex), used to verify its signed manifests
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
        @Nullable String primaryEcuKey,
        @NotEmpty List<@Valid EcuRegistration> ecus) {

    /** An ECU fitted to the vehicle. */
    public record EcuRegistration(
            @NotBlank @Size(max = 100) String serial,
            @NotBlank @Size(max = 100) String hardwareId,
            boolean primary) {}
}
