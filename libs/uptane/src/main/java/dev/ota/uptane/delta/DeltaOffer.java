package dev.ota.uptane.delta;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.MalformedMetadataException;
import dev.ota.uptane.metadata.TargetFile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The director's offer of a delta to one ECU, in its signed target entry ({@code custom.deltaOffers}, by ECU serial):
 * the delta's target path in the image repository with its length and hashes, and the base it starts from (the image
 * the ECU's last verified manifest reported). The offer only says which delta to fetch: the vehicle still takes the
 * delta's entry from the image repository's signed {@code deltas} role, which must agree with the offer, and accepts
 * the result only if it is the release-signed image ({@link DeltaInstall}).
 *
 * <pre>{@code
 * "custom": {"deltaOffers": {"ECU-1": {"path": "deltas/ecm/ecm-2.bin.from-ab..", "length": 5123,
 *     "hashes": {"sha256": "..", "sha512": ".."}, "base": {"length": 262144, "hashes": {"sha256": ".."}}}}}
 * }</pre>
 */
public record DeltaOffer(String path, long length, Map<String, String> hashes, DeltaDescription.FileInfo base) {

    public static final String CUSTOM_KEY = "deltaOffers";

    public DeltaOffer {
        if (!path.startsWith(DeltaPaths.PREFIX) || length < 0 || hashes.isEmpty()) {
            throw new MalformedMetadataException("a delta offer needs a path under deltas/, a length and hashes");
        }
        hashes = Map.copyOf(hashes);
    }

    /** The custom metadata of a director target with these offers added, by ECU serial. */
    public static Map<String, Object> addedTo(Map<String, Object> custom, Map<String, DeltaOffer> byEcu) {
        var out = new LinkedHashMap<>(custom);
        var offers = new TreeMap<String, Object>();
        byEcu.forEach((ecu, offer) -> offers.put(ecu, offer.toJson()));
        out.put(CUSTOM_KEY, offers);
        return out;
    }

    /** The offer the director signed for this ECU, if any; a malformed offer is none (the full image is downloaded). */
    public static Optional<DeltaOffer> forEcu(TargetFile directorTarget, String ecuSerial) {
        try {
            var offers = Json.optionalObject(directorTarget.custom(), CUSTOM_KEY);
            var offer = offers == null ? null : Json.optionalObject(offers, ecuSerial);
            if (offer == null) {
                return Optional.empty();
            }
            return Optional.of(new DeltaOffer(
                    Json.string(offer, "path"),
                    Json.integer(offer, "length"),
                    Json.stringMap(offer, "hashes"),
                    DeltaDescription.FileInfo.fromJson(offer, "base")));
        } catch (MalformedMetadataException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The delta's image repository entry as offered. */
    public static DeltaOffer of(String path, TargetFile delta, DeltaDescription.FileInfo base) {
        return new DeltaOffer(path, delta.length(), delta.hashes(), base);
    }

    /** Whether the image repository's signed entry is the offered delta: same length and every shared hash equal. */
    public boolean matches(TargetFile deltaTarget) {
        return new DeltaDescription.FileInfo(length, hashes).describes(deltaTarget.length(), deltaTarget.hashes());
    }

    private Map<String, Object> toJson() {
        var out = new TreeMap<String, Object>();
        out.put("path", path);
        out.put("length", length);
        out.put("hashes", new TreeMap<>(hashes));
        out.put("base", base.toJson());
        return out;
    }
}
