package dev.ota.audit.bundle;

import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.WitnessKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline verifier: {@code verify-bundle --key <verifier key | @file> [--witness <witness key | @file>]...
 * [--witnesses-required <k>] <bundle.jsonl | bundle.csv>}. Needs no network and no access to the service; exit code 0
 * when the bundle verifies, 1 when it does not, 2 on misuse. With witnesses, the bundle's checkpoint must carry valid
 * cosignatures of {@code k} of them (all of them when {@code --witnesses-required} is not given).
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
        String keyText = null;
        List<String> witnessTexts = new ArrayList<>();
        Integer required = null;
        int i = 0;
        try {
            for (; i + 1 < args.length && args[i].startsWith("--"); i += 2) {
                switch (args[i]) {
                    case "--key" -> keyText = args[i + 1];
                    case "--witness" -> witnessTexts.add(args[i + 1]);
                    case "--witnesses-required" -> required = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            keyText = null;
        }
        if (keyText == null || i != args.length - 1) {
            err.println("usage: verify-bundle --key <verifier key | @file> [--witness <witness key | @file>]..."
                    + " [--witnesses-required <k>] <bundle file>");
            return 2;
        }
        NoteKey key;
        WitnessPolicy witnesses;
        byte[] bundle;
        try {
            key = NoteKey.parseVerifierKey(textOrFile(keyText));
            List<WitnessKey> trusted = new ArrayList<>();
            for (String text : witnessTexts) {
                trusted.add(WitnessKey.parseVerifierKey(textOrFile(text)));
            }
            witnesses = new WitnessPolicy(trusted, required == null ? trusted.size() : required);
            bundle = Files.readAllBytes(Path.of(args[i]));
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the keys or the bundle: " + e.getMessage());
            return 2;
        }
        BundleVerifier.Result result = BundleVerifier.verify(bundle, key, witnesses);
        (result.valid() ? out : err).println(result.message());
        return result.valid() ? 0 : 1;
    }

    private static String textOrFile(String value) throws IOException {
        return value.startsWith("@") ? Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8) : value;
    }
}
