package dev.ota.contracts;

import dev.ota.contracts.events.AssignmentEvent;
import dev.ota.contracts.events.AssignmentSeal;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@link dev.ota.contracts.events.AssignmentSeal} signs: the assignment as it goes on the wire (type, schema
 * version and every field: VIN, assignment, campaign, stage, every target with its hashes and length, the install
 * conditions, the event id), without the seal itself, with object keys sorted at every level and no white space. A
 * verifier that does not know a field a newer producer added computes other bytes and refuses: the seal fails closed.
 */
public final class AssignmentSeals {

    private AssignmentSeals() {}

    /** Ed25519 over {@link #signedBytes}, by {@code signer}. */
    public static AssignmentSeal seal(AssignmentEvent assignment, String signer, PrivateKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(signedBytes(assignment));
            return new AssignmentSeal(signer, Base64.getEncoder().encodeToString(ed25519.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an assignment with " + key.getAlgorithm(), e);
        }
    }

    /** Whether the seal is {@code key}'s signature over the assignment as it is. */
    public static boolean verifies(AssignmentEvent assignment, AssignmentSeal seal, PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signedBytes(assignment));
            return ed25519.verify(Base64.getDecoder().decode(seal.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static byte[] signedBytes(AssignmentEvent assignment) {
        ObjectNode wire = EventCodec.toTree(assignment);
        wire.remove("seal");
        return EventCodec.mapper().writeValueAsBytes(sorted(wire));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                names.add(field.getKey());
            }
            Collections.sort(names);
            ObjectNode copy = EventCodec.mapper().createObjectNode();
            for (String name : names) {
                copy.set(name, sorted(object.get(name)));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = EventCodec.mapper().createArrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
