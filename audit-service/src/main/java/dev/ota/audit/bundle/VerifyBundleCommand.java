package dev.ota.audit.bundle;

import dev.ota.audit.note.NoteKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The offline verifier: {@code verify-bundle --key <verifier key | @file> <bundle.jsonl | bundle.csv>}. Needs no
 * network and no access to the service; exit code 0 when the bundle verifies, 1 when it does not, 2 on misuse.
 *
 * <pre>
 * java -cp audit-service.jar -Dloader.main=dev.ota.audit.bundle.VerifyBundleCommand \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --key @log.pub vehicle.jsonl
 * </pre>
 */
public final class VerifyBundleCommand {

    private VerifyBundleCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !args[0].equals("--key")) {
            err.println("usage: verify-bundle --key <verifier key | @file> <bundle file>");
            return 2;
        }
        NoteKey key;
        byte[] bundle;
        try {
            String keyText = args[1].startsWith("@")
                    ? Files.readString(Path.of(args[1].substring(1)), StandardCharsets.UTF_8)
                    : args[1];
            key = NoteKey.parseVerifierKey(keyText);
            bundle = Files.readAllBytes(Path.of(args[2]));
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the key or the bundle: " + e.getMessage());
            return 2;
        }
        BundleVerifier.Result result = BundleVerifier.verify(bundle, key);
        (result.valid() ? out : err).println(result.message());
        return result.valid() ? 0 : 1;
    }
}
