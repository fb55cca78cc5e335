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
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/**
 * The offline verifier: {@code verify-bundle --key <verifier key | @file> [--witness <witness key | @file>]...
 * [--witnesses-required <k>] <bundle.jsonl | bundle.csv>}. Needs no network and no access to the service; exit code 0
 * when the bundle verifies, 1 when it does not, 2 on misuse. With witnesses, the bundle's checkpoint must carry valid
 * cosignatures of {@code k} of them (all of them when {@code --witnesses-required} is not given). Arguments are parsed
 * by picocli.
 *
 * <pre>
 * java -cp audit-service.jar -Dloader.main=dev.ota.audit.bundle.VerifyBundleCommand \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --key @log.pub vehicle.jsonl
 * </pre>
 */
@Command(
        name = "verify-bundle",
        mixinStandardHelpOptions = true,
        description = "Verifies an audit evidence bundle offline against the log's key (and witnesses).")
public final class VerifyBundleCommand {

    private static final String USAGE = "usage: verify-bundle --key <verifier key | @file> [--witness <witness key"
            + " | @file>]... [--witnesses-required <k>] <bundle file>";

    @Option(names = "--key", required = true, description = "the log's verifier key, or @file")
    String key;

    @Option(names = "--witness", description = "a trusted witness's verifier key, or @file (repeatable)")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--witnesses-required", description = "how many of the witnesses must have cosigned (default all)")
    @Nullable
    Integer required;

    @Parameters(index = "0", description = "the bundle (.jsonl or .csv)")
    Path bundle;

    private VerifyBundleCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        VerifyBundleCommand command = new VerifyBundleCommand();
        try {
            // "@file" is this tool's own syntax for a key kept in a file, not picocli's argument file
            ParseResult parsed =
                    new CommandLine(command).setExpandAtFiles(false).parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
        } catch (ParameterException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        return command.verify(out, err);
    }

    private int verify(PrintStream out, PrintStream err) {
        NoteKey logKey;
        WitnessPolicy policy;
        byte[] content;
        try {
            logKey = NoteKey.parseVerifierKey(textOrFile(key));
            List<WitnessKey> trusted = new ArrayList<>();
            for (String text : witnesses) {
                trusted.add(WitnessKey.parseVerifierKey(textOrFile(text)));
            }
            policy = new WitnessPolicy(trusted, required == null ? trusted.size() : required);
            content = Files.readAllBytes(bundle);
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the keys or the bundle: " + e.getMessage());
            return 2;
        }
        BundleVerifier.Result result = BundleVerifier.verify(content, logKey, policy);
        (result.valid() ? out : err).println(result.message());
        return result.valid() ? 0 : 1;
    }

    private static String textOrFile(String value) throws IOException {
        return value.startsWith("@") ? Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8) : value;
    }
}
