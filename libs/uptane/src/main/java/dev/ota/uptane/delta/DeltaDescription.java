package dev.ota.uptane.delta;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.MalformedMetadataException;
import dev.ota.uptane.metadata.TargetFile;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a delta target's signed custom metadata says about it ({@code custom.delta}): the format, the base it applies
 * to (length and hashes of the installed image) and the result it produces (the released target's path, length and
 * hashes).
 *
 * <pre>{@code
 * "custom": {"delta": {"format": "zstd-patch-from/1",
 *     "base": {"length": 123, "hashes": {"sha256": "..", "sha512": ".."}},
 *     "result": {"path": "ecm/ecm-4.3.0.bin", "length": 130, "hashes": {"sha256": "..", "sha512": ".."}}}}
 * }</pre>
 */
public record DeltaDescription(String format, FileInfo base, String resultPath, FileInfo result) {

    public static final String CUSTOM_KEY = "delta";

    /** Length and hashes of an image, as TUF lists a target's. */
    public record FileInfo(long length, Map<String, String> hashes) {

        public FileInfo {
            if (length < 0 || hashes.isEmpty()) {
                throw new MalformedMetadataException("a delta's base and result need a length and hashes");
            }
            hashes = Map.copyOf(hashes);
        }

        public static FileInfo of(TargetFile target) {
            return new FileInfo(target.length(), target.hashes());
        }

        /**
         * Whether this is the file of that length and those hashes: the same length, at least one algorithm both name,
         * and every algorithm both name equal (what the director checks before it offers a delta).
         */
        public boolean describes(long otherLength, Map<String, String> otherHashes) {
            if (otherLength != length) {
                return false;
            }
            boolean shared = false;
            for (var e : hashes.entrySet()) {
                String other = otherHashes.get(e.getKey());
                if (other != null) {
                    if (!other.equalsIgnoreCase(e.getValue())) {
                        return false;
                    }
                    shared = true;
                }
            }
            return shared;
        }

        Map<String, Object> toJson() {
            var out = new TreeMap<String, Object>();
            out.put("length", length);
            out.put("hashes", new TreeMap<>(hashes));
            return out;
        }

        static FileInfo fromJson(Map<String, Object> json, String what) {
            var m = Json.object(json, what);
            return new FileInfo(Json.integer(m, "length"), Json.stringMap(m, "hashes"));
        }
    }

    /** The custom metadata of the delta's target entry. */
    public Map<String, Object> toCustom() {
        var delta = new TreeMap<String, Object>();
        delta.put("format", format);
        delta.put("base", base.toJson());
        var resultJson = result.toJson();
        resultJson.put("path", resultPath);
        delta.put("result", resultJson);
        return Map.of(CUSTOM_KEY, delta);
    }

    /** The description a delta target carries; malformed or missing is refused as {@link DeltaRefusal#MALFORMED}. */
    public static DeltaDescription of(TargetFile deltaTarget) {
        try {
            var delta = Json.optionalObject(deltaTarget.custom(), CUSTOM_KEY);
            if (delta == null) {
                throw new MalformedMetadataException("the target carries no custom.delta");
            }
            var result = Json.object(delta, "result");
            return new DeltaDescription(
                    Json.string(delta, "format"),
                    FileInfo.fromJson(delta, "base"),
                    Json.string(result, "path"),
                    FileInfo.fromJson(delta, "result"));
        } catch (MalformedMetadataException | ClassCastException e) {
            throw new DeltaRefusedException(DeltaRefusal.MALFORMED, "delta description: " + e.getMessage());
        }
    }
}
