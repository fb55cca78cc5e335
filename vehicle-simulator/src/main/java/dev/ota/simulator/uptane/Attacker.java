package dev.ota.simulator.uptane;

import dev.ota.simulator.fleet.AttackScenario;
import dev.ota.simulator.fleet.Vehicle;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Someone between the platform and the vehicle, without the repositories' keys: replays old director metadata,
 * damages a signature, pads metadata without end, or (as a compromised image server) swaps image bytes. The vehicle's
 * verification must catch each of these.
 */
final class Attacker {

    static final int OVERSIZE_BYTES = 6 * 1024 * 1024;

    private Attacker() {}

    static Map<String, String> tamperMetadata(Vehicle vehicle, Map<String, String> metadata) {
        return switch (vehicle.attack()) {
            case REPLAY_OLD_METADATA -> vehicle.firstDirectorMetadata().orElse(metadata);
            case BAD_SIGNATURE -> rewriteTargets(metadata, Attacker::flipSignature);
            case OVERSIZED_METADATA -> rewriteTargets(metadata, json -> json + " ".repeat(OVERSIZE_BYTES));
            case NONE, COMPROMISED_IMAGE_SERVER -> metadata;
        };
    }

    static InputStream tamperImage(Vehicle vehicle, InputStream image) {
        return vehicle.attack() == AttackScenario.COMPROMISED_IMAGE_SERVER ? flipping(image) : image;
    }

    /** Damages every byte that passes (same length, different content). */
    static InputStream flipping(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                return b < 0 ? b : b ^ 0x5A;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                for (int i = offset; i < offset + Math.max(n, 0); i++) {
                    buffer[i] ^= 0x5A;
                }
                return n;
            }
        };
    }

    private static Map<String, String> rewriteTargets(
            Map<String, String> metadata, java.util.function.UnaryOperator<String> change) {
        Map<String, String> out = new HashMap<>(metadata);
        out.replaceAll((name, json) -> name.endsWith("targets.json") ? change.apply(json) : json);
        return out;
    }

    private static String flipSignature(String json) {
        int sig = json.indexOf("\"sig\"");
        if (sig < 0) {
            return json;
        }
        int start = json.indexOf('"', json.indexOf(':', sig)) + 1;
        char c = json.charAt(start);
        char flipped = c == '0' ? '1' : '0';
        return json.substring(0, start) + flipped + json.substring(start + 1);
    }
}
