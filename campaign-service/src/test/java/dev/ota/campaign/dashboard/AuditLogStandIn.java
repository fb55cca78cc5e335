package dev.ota.campaign.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for audit-service's two read endpoints the dashboard relays to ({@code /api/audit/checkpoints/key} and
 * {@code /api/audit/exports/vehicles/{vin}?format=jsonl}), in audit-service's wire formats: a log of seven entries in
 * an RFC 9162 tree, a C2SP signed checkpoint with a real Ed25519 key, and for each vehicle its two entries with their
 * inclusion proofs. A vehicle can be served with a tampered proof or a forged checkpoint signature. It keeps the bearer
 * token each request carried, so a test can see whose token the dashboard relayed.
 */
final class AuditLogStandIn implements AutoCloseable {

    static final String ORIGIN = "audit.test/log";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /** How a vehicle's bundle is served. */
    enum Served {
        AS_LOGGED,
        PROOF_TAMPERED,
        SIGNATURE_FORGED
    }

    private final RecordingHttpServer server;
    private final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    private final Map<String, Served> vehicles = new ConcurrentHashMap<>();

    private AuditLogStandIn(RecordingHttpServer server) {
        this.server = server;
    }

    static AuditLogStandIn start() throws IOException {
        RecordingHttpServer server = new RecordingHttpServer();
        AuditLogStandIn log = new AuditLogStandIn(server);
        server.answer("/api/audit/checkpoints/key", path -> log.keyView());
        server.answer("/api/audit/exports/vehicles/", path -> {
            String vin = path.substring("/api/audit/exports/vehicles/".length());
            return log.bundle(vin, log.vehicles.getOrDefault(vin, Served.AS_LOGGED));
        });
        server.answer("/api/audit/events", path -> REFUSALS);
        return log;
    }

    /** Three refusal entries as audit-service answers {@code /api/audit/events?type=ota.VehicleMessageRefused.v1}. */
    static final String REFUSING_VIN = "TSTREFUSE00000001";

    static final String REVOKED_VIN = "TSTREVOKED0000002";

    private static final String REFUSALS =
            "[" + refusal(11, REFUSING_VIN, "ota/v1/TSTVICTIM00000003/status", "IDENTITY_MISMATCH", 0)
                    + "," + refusal(12, REFUSING_VIN, "ota/v1/" + REFUSING_VIN + "/status", "MALFORMED", 4)
                    + "," + refusal(13, REVOKED_VIN, "(connection)", "BROKER_REVOKED", 0) + "]";

    private static String refusal(int index, String sender, String topic, String reason, long alsoRefused) {
        return """
                {"index":%d,"leafHash":"00","eventId":"%s","type":"ota.VehicleMessageRefused.v1","key":"%s",                "occurredAt":"2026-12-07T10:00:%02dZ","event":{"sender":"%s","mqttTopic":"%s","reason":"%s",                "detail":"refused for the test","payloadBytes":0,"payloadSha256":"e3b0","alsoRefused":%d}}""".formatted(index, java.util.UUID.randomUUID(), sender, index, sender, topic, reason, alsoRefused);
    }

    String url() {
        return server.url();
    }

    void serve(String vin, Served how) {
        vehicles.put(vin, how);
    }

    /** The bearer tokens the requests carried, oldest first. */
    List<String> tokens() {
        return server.tokens();
    }

    /** The key view as audit-service answers {@code /api/audit/checkpoints/key}. */
    String keyView() {
        byte[] typed = new byte[33];
        typed[0] = 1;
        System.arraycopy(publicKey(), 0, typed, 1, 32);
        return JSON.writeValueAsString(Map.of(
                "verifierKey",
                ORIGIN + "+" + HEX.formatHex(keyHash()) + "+"
                        + Base64.getEncoder().encodeToString(typed),
                "keyName",
                ORIGIN,
                "keyHash",
                HEX.formatHex(keyHash()),
                "publicKey",
                Base64.getEncoder().encodeToString(publicKey())));
    }

    private byte[] publicKey() {
        return key.generatePublicKey().getEncoded();
    }

    private byte[] keyHash() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((ORIGIN + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 1);
            sha256.update(publicKey());
            byte[] hash = new byte[4];
            System.arraycopy(sha256.digest(), 0, hash, 0, 4);
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seven logged events; the vehicle's two are at indexes 2 and 5. */
    private String bundle(String vin, Served how) {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String subject = i == 2 || i == 5 ? vin : "OTHER" + i;
            payloads.add(event(i, subject).getBytes(StandardCharsets.UTF_8));
        }
        RfcMerkleTree tree = new RfcMerkleTree(payloads);
        String body = ORIGIN + "\n7\n" + Base64.getEncoder().encodeToString(tree.root()) + "\ntimestamp "
                + Instant.parse("2026-12-07T10:00:00Z") + "\n";
        byte[] signature = sign(body.getBytes(StandardCharsets.UTF_8));
        if (how == Served.SIGNATURE_FORGED) {
            signature[10] ^= 1;
        }
        byte[] blob = new byte[4 + signature.length];
        System.arraycopy(keyHash(), 0, blob, 0, 4);
        System.arraycopy(signature, 0, blob, 4, signature.length);
        String note = body + "\n\u2014 " + ORIGIN + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        StringBuilder out = new StringBuilder();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", "ota-audit-bundle/1");
        header.put("subject", "vin " + vin);
        header.put("treeSize", 7);
        header.put("rootHash", HEX.formatHex(tree.root()));
        header.put("checkpoint", note);
        out.append(JSON.writeValueAsString(header)).append('\n');
        for (int index : List.of(2, 5)) {
            List<String> proof = new ArrayList<>(
                    tree.path(index).stream().map(HEX::formatHex).toList());
            if (how == Served.PROOF_TAMPERED && index == 5) {
                proof.set(0, flipLastBit(proof.getFirst()));
            }
            Map<String, @Nullable Object> entry = new LinkedHashMap<>();
            entry.put("index", index);
            entry.put("type", index == 2 ? "ota.UpdateAssigned.v1" : "ota.ManifestVerified.v1");
            entry.put("eventId", UUID.nameUUIDFromBytes(payloads.get(index)).toString());
            entry.put("occurredAt", "2026-12-07T09:0" + index + ":00Z");
            entry.put("leafHash", HEX.formatHex(RfcMerkleTree.leafHash(payloads.get(index))));
            entry.put("payload", Base64.getEncoder().encodeToString(payloads.get(index)));
            entry.put("proof", proof);
            out.append(JSON.writeValueAsString(entry)).append('\n');
        }
        return out.toString();
    }

    private static String event(int index, String vin) {
        return "{\"type\":\"ota.Event.v1\",\"index\":" + index + ",\"vin\":\"" + vin + "\"}";
    }

    private static String flipLastBit(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        bytes[bytes.length - 1] ^= 1;
        return HEX.formatHex(bytes);
    }

    private byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public void close() {
        server.close();
    }
}
