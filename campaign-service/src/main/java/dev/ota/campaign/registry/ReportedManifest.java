package dev.ota.campaign.registry;

import dev.ota.contracts.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A vehicle version manifest (Uptane 5.4.2.1) as the primary signed it: {@code signed.vin}, {@code
 * signed.ecu_version_reports} keyed by ECU serial (each with {@code signed.installed_image.filepath} and {@code
 * fileinfo}), and the primary's signatures over the canonical JSON of {@code signed}. Optional extras the platform
 * reads: {@code signed.custom.location {lat, lon}}, and per ECU {@code hardware_id}, and in {@code fileinfo.custom}
 * {@code image_name}, {@code version}, {@code release_counter}.
 */
record ReportedManifest(
        String vin,
        List<EcuReport> ecus,
        @Nullable Double latitude,
        @Nullable Double longitude) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** One ECU's report; fields the report does not carry are null. */
    record EcuReport(
            String serial,
            @Nullable String hardwareId,
            @Nullable String targetPath,
            @Nullable String imageName,
            @Nullable String version,
            @Nullable Long releaseCounter) {}

    /**
     * Parses the manifest and, when the vehicle's primary key is known, verifies the primary's signature.
     *
     * @throws MalformedEventException when it is not a manifest, names another vehicle, or the signature fails
     */
    static ReportedManifest parse(String expectedVin, String document, @Nullable String primaryKeyHex) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JacksonException e) {
            throw new MalformedEventException("manifest is not valid JSON");
        }
        JsonNode signed = root.path("signed");
        if (!signed.isObject()) {
            throw new MalformedEventException("manifest has no 'signed' object");
        }
        String vin = signed.path("vin").asString("");
        if (!expectedVin.equals(vin)) {
            throw new MalformedEventException("manifest names VIN '" + vin + "', reported for " + expectedVin);
        }
        if (primaryKeyHex != null && !primaryKeyHex.isBlank()) {
            verify(signed, root.path("signatures"), primaryKeyHex);
        }
        List<EcuReport> ecus = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry :
                signed.path("ecu_version_reports").properties()) {
            JsonNode report = entry.getValue().has("signed") ? entry.getValue().path("signed") : entry.getValue();
            JsonNode image = report.path("installed_image");
            JsonNode custom = image.path("fileinfo").path("custom");
            ecus.add(new EcuReport(
                    entry.getKey(),
                    text(report, "hardware_id", text(custom, "hardware_id", null)),
                    text(image, "filepath", null),
                    text(custom, "image_name", null),
                    text(custom, "version", null),
                    custom.has("release_counter")
                            ? custom.path("release_counter").asLong()
                            : null));
        }
        JsonNode location = signed.path("custom").path("location");
        Double lat = location.has("lat") ? location.path("lat").asDouble() : null;
        Double lon = location.has("lon") ? location.path("lon").asDouble() : null;
        return new ReportedManifest(vin, ecus, lat, lon);
    }

    private static @Nullable String text(JsonNode node, String field, @Nullable String fallback) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : fallback;
    }

    private static void verify(JsonNode signed, JsonNode signatures, String keyHex) {
        byte[] message = CanonicalJson.of(signed).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] raw = HexFormat.of().parseHex(keyHex.trim());
            byte[] x509 = new byte[ED25519_X509_PREFIX.length + raw.length];
            System.arraycopy(ED25519_X509_PREFIX, 0, x509, 0, ED25519_X509_PREFIX.length);
            System.arraycopy(raw, 0, x509, ED25519_X509_PREFIX.length, raw.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
            for (JsonNode signature : signatures) {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(
                        HexFormat.of().parseHex(signature.path("sig").asString("")))) {
                    return;
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MalformedEventException("manifest signature cannot be checked: " + e.getMessage());
        }
        throw new MalformedEventException("manifest signature does not verify with the primary ECU's key");
    }
}
