package dev.ota.uptane.metadata;

import dev.ota.uptane.crypto.SignatureVerifier;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@code {"signatures": [..], "signed": {..}}} document (TUF 1.0 section 4.2): TUF metadata, ECU version reports
 * and vehicle version manifests all use it. Signatures are over the canonical JSON of "signed" exactly as received,
 * unknown fields included.
 *
 * @param <T> the parsed "signed" part
 */
public final class SignedDocument<T> implements JsonValue {

    private final T body;
    private final Object signedJson;
    private final byte[] canonicalSigned;
    private final List<Signature> signatures;

    private SignedDocument(T body, Object signedJson, byte[] canonicalSigned, List<Signature> signatures) {
        this.body = body;
        this.signedJson = signedJson;
        this.canonicalSigned = canonicalSigned;
        this.signatures = List.copyOf(signatures);
    }

    /** Signs a body with each signer (the canonical form is computed once). */
    public static <T extends JsonValue> SignedDocument<T> sign(T body, Collection<? extends Signer> signers) {
        Object json = body.toJsonValue();
        byte[] canonical = CanonicalJson.encode(json);
        var sigs = new ArrayList<Signature>(signers.size());
        for (Signer s : signers) {
            sigs.add(new Signature(s.keyId(), HexFormat.of().formatHex(s.sign(canonical))));
        }
        return new SignedDocument<>(body, json, canonical, sigs);
    }

    public static <T extends JsonValue> SignedDocument<T> sign(T body, Signer... signers) {
        return sign(body, List.of(signers));
    }

    /** An unsigned document, to be signed by offline signers one at a time ({@link #withSignatureBy}). */
    public static <T extends JsonValue> SignedDocument<T> unsigned(T body) {
        return sign(body, List.of());
    }

    /** Parses the envelope; "signed" is parsed by {@code parser}. */
    public static <T> SignedDocument<T> parse(byte[] json, Function<Map<String, Object>, T> parser) {
        var root = Json.object(Json.parse(json), "document");
        var signed = Json.object(root, "signed");
        var sigs = new ArrayList<Signature>();
        Json.array(root, "signatures").forEach(s -> sigs.add(Signature.fromJson(s)));
        return new SignedDocument<>(parser.apply(signed), signed, CanonicalJson.encode(signed), sigs);
    }

    public static <T> SignedDocument<T> parse(String json, Function<Map<String, Object>, T> parser) {
        return parse(json.getBytes(StandardCharsets.UTF_8), parser);
    }

    public T body() {
        return body;
    }

    public List<Signature> signatures() {
        return signatures;
    }

    /** The canonical JSON bytes of "signed": what every signature covers. */
    public byte[] canonicalSigned() {
        return canonicalSigned.clone();
    }

    /** Adds one more signature (offline ceremonies: each signer signs separately, signatures are then combined). */
    public SignedDocument<T> withSignatureBy(Signer signer) {
        return withSignature(new Signature(signer.keyId(), HexFormat.of().formatHex(signer.sign(canonicalSigned))));
    }

    /** Adds a signature made elsewhere; a signature by the same key id replaces the earlier one. */
    public SignedDocument<T> withSignature(Signature signature) {
        var sigs = new ArrayList<Signature>();
        for (Signature s : signatures) {
            if (!s.keyId().equals(signature.keyId())) {
                sigs.add(s);
            }
        }
        sigs.add(signature);
        return new SignedDocument<>(body, signedJson, canonicalSigned, sigs);
    }

    /** Combines the signatures of two copies of the same document. */
    public SignedDocument<T> combine(SignedDocument<?> other) {
        if (!java.util.Arrays.equals(canonicalSigned, other.canonicalSigned)) {
            throw new IllegalArgumentException("cannot combine signatures over different documents");
        }
        SignedDocument<T> out = this;
        for (Signature s : other.signatures) {
            out = out.withSignature(s);
        }
        return out;
    }

    /**
     * The key ids among {@code trusted} that made a valid signature. Each key counts once, however many signatures
     * carry its id (TUF 1.0 section 5.3.4: the threshold counts unique keys).
     */
    public Set<String> validSignerIds(RoleKeys role, Map<String, TufKey> keys) {
        var valid = new HashSet<String>();
        var seenKeyMaterial = new HashSet<String>();
        for (Signature s : signatures) {
            if (!role.keyIds().contains(s.keyId()) || valid.contains(s.keyId())) {
                continue;
            }
            TufKey key = keys.get(s.keyId());
            if (key == null || !seenKeyMaterial.add(key.publicValue())) {
                continue;
            }
            if (SignatureVerifier.verifyHex(key, canonicalSigned, s.sig())) {
                valid.add(s.keyId());
            } else {
                seenKeyMaterial.remove(key.publicValue());
            }
        }
        return valid;
    }

    public boolean meetsThreshold(RoleKeys role, Map<String, TufKey> keys) {
        return validSignerIds(role, keys).size() >= role.threshold();
    }

    /** Whether one given key made a valid signature (manifests and ECU reports are signed by one key). */
    public boolean isSignedBy(TufKey key) {
        String id = key.keyId();
        return signatures.stream()
                .anyMatch(s -> s.keyId().equals(id) && SignatureVerifier.verifyHex(key, canonicalSigned, s.sig()));
    }

    @Override
    public Object toJsonValue() {
        var out = new LinkedHashMap<String, Object>();
        out.put("signatures", signatures);
        out.put("signed", signedJson);
        return out;
    }

    /**
     * The document as served, carried and hashed: canonical JSON, except that control characters inside strings are
     * escaped ({@code \n}, {@code \\u00XX}). Canonical JSON writes them raw (the bytes signatures cover), which
     * RFC 8259 forbids, so strict parsers (tuf-js's {@code JSON.parse}) refused documents whose PEM public keys
     * (ECDSA and RSA keys: PKCS#11, Azure Key Vault) carry newlines. Parsers re-encode "signed" canonically before
     * verifying, so the signatures are unaffected; documents without control characters are byte for byte canonical.
     */
    public byte[] toBytes() {
        // "signatures" sorts before "signed", so the canonical envelope is the signatures then the cached bytes.
        byte[] sigs = CanonicalJson.encode(signatures);
        byte[] prefix = "{\"signatures\":".getBytes(StandardCharsets.US_ASCII);
        byte[] middle = ",\"signed\":".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + sigs.length + middle.length + canonicalSigned.length + 1];
        int at = 0;
        System.arraycopy(prefix, 0, out, at, prefix.length);
        at += prefix.length;
        System.arraycopy(sigs, 0, out, at, sigs.length);
        at += sigs.length;
        System.arraycopy(middle, 0, out, at, middle.length);
        at += middle.length;
        System.arraycopy(canonicalSigned, 0, out, at, canonicalSigned.length);
        out[out.length - 1] = '}';
        return escapeControlCharacters(out);
    }

    public String toJson() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SignedDocument" + signedJson;
    }

    /**
     * Canonical JSON has no whitespace outside strings and UTF-8 continuation bytes are all above 0x7F, so every byte
     * below 0x20 is a control character inside a string.
     */
    private static byte[] escapeControlCharacters(byte[] json) {
        int controls = 0;
        for (byte b : json) {
            if (b >= 0 && b < 0x20) {
                controls++;
            }
        }
        if (controls == 0) {
            return json;
        }
        var out = new java.io.ByteArrayOutputStream(json.length + 5 * controls);
        for (byte b : json) {
            if (b == '\n') {
                out.write('\\');
                out.write('n');
            } else if (b >= 0 && b < 0x20) {
                out.writeBytes(String.format("\\u%04x", b).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
