package dev.ota.campaign.targeting;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A field a targeting query may test: a vehicle attribute, a tag, the presence of an ECU hardware id, or the software
 * installed on the ECU of a hardware id (from the last signed manifest).
 */
public record TargetField(Kind kind, @Nullable String hardwareId) {

    private static final Pattern ECU_FIELD =
            Pattern.compile("ecu\\.([A-Za-z0-9_.:-]+)\\.(version|releaseCounter|image)");

    /** What a field refers to, and the SQL type it compares as. */
    public enum Kind {
        VIN(true),
        MODEL(true),
        MODEL_YEAR(false),
        REGION(true),
        MARKET(true),
        TAG(true),
        HARDWARE_ID(true),
        ECU_VERSION(true),
        ECU_IMAGE(true),
        ECU_RELEASE_COUNTER(false);

        final boolean text;

        Kind(boolean text) {
            this.text = text;
        }
    }

    static TargetField named(String name, int position) {
        Matcher ecu = ECU_FIELD.matcher(name);
        if (ecu.matches()) {
            Kind kind = switch (ecu.group(2)) {
                case "version" -> Kind.ECU_VERSION;
                case "image" -> Kind.ECU_IMAGE;
                default -> Kind.ECU_RELEASE_COUNTER;
            };
            return new TargetField(kind, ecu.group(1));
        }
        Kind kind = switch (name.toLowerCase(Locale.ROOT)) {
            case "vin" -> Kind.VIN;
            case "model" -> Kind.MODEL;
            case "modelyear", "model_year" -> Kind.MODEL_YEAR;
            case "region" -> Kind.REGION;
            case "market" -> Kind.MARKET;
            case "tag", "tags" -> Kind.TAG;
            case "hardwareid", "hardware_id" -> Kind.HARDWARE_ID;
            default ->
                throw new InvalidTargetQueryException("unknown field '" + name + "' at position " + position
                        + "; known: vin, model, modelYear, region, market, tag, hardwareId,"
                        + " ecu.<hardwareId>.version|image|releaseCounter");
        };
        return new TargetField(kind, null);
    }
}
