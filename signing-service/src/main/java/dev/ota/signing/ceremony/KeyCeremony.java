package dev.ota.signing.ceremony;

import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.metadata.OfflineSignature;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The offline key ceremony tool. Runs on an air-gapped machine; the service never receives an offline private key.
 *
 * <pre>
 * java -cp signing-service.jar -Dloader.main=dev.ota.signing.ceremony.KeyCeremony \
 *      org.springframework.boot.loader.launch.PropertiesLauncher &lt;command&gt; [options]
 *
 * generate     --scheme ed25519|ecdsa|rsa --out KEYFILE               new encrypted key (passphrase: $OTA_KEY_PASSPHRASE or prompt)
 * public       --key KEYFILE                                           print the TUF public key object and key id
 * root         --version N --expires-days D --threshold K --root-key KEYFILE... --targets-key KEYFILE...
 *              --snapshot-key KEYFILE --timestamp-key KEYFILE --out FILE   unsigned root (public keys only)
 * targets      --version N --expires-days D --ci-key KEYFILE --release-key KEYFILE...
 *              [--deltas-key KEYFILE] [--supplier NAME=PATTERN[,PATTERN]:KEYFILE]... --out FILE
 *              unsigned top-level targets with delegations
 * sign         --key KEYFILE --in FILE --out FILE                       add one signature (each holder, separately)
 * combine      --in FILE --in FILE ... --out FILE                       merge signatures over the same document
 * verify-root  --trusted OLD_ROOT --in NEW_ROOT                          check NEW_ROOT as a client would (TUF 5.3)
 * </pre>
 *
 * Key files are read for their public part only, except by {@code sign}. Arguments are parsed by picocli; each step
 * is one subcommand ({@code help <step>} lists its options).
 */
@Command(
        name = "key-ceremony",
        mixinStandardHelpOptions = true,
        subcommands = CommandLine.HelpCommand.class,
        description =
                "The offline key ceremony: generate keys, write unsigned root and targets, sign, combine, verify.")
public final class KeyCeremony {

    private static final String USAGE = "usage: KeyCeremony generate|public|root|targets|sign|combine|verify-root ...";

    private final PrintStream out;
    private final char @Nullable [] passphrase;

    private final int iterations;

    KeyCeremony(PrintStream out, char @Nullable [] passphrase, int iterations) {
        this.out = out;
        this.passphrase = passphrase;
        this.iterations = iterations;
    }

    public static void main(String[] args) throws IOException {
        try {
            new KeyCeremony(System.out, null, EncryptedKeyFile.DEFAULT_ITERATIONS).run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** One step of the ceremony. */
    private interface Step {
        void run() throws IOException;
    }

    void run(String[] args) throws IOException {
        CommandLine commandLine = new CommandLine(this)
                .addSubcommand(new Generate())
                .addSubcommand(new PublicKey())
                .addSubcommand(new RootDocument())
                .addSubcommand(new TargetsDocument())
                .addSubcommand(new Sign())
                .addSubcommand(new Combine())
                .addSubcommand(new VerifyRoot())
                .setExpandAtFiles(false);
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return;
        }
        ParseResult step = parsed.subcommand();
        if (step == null) {
            throw new IllegalArgumentException(USAGE);
        }
        ((Step) step.commandSpec().userObject()).run();
    }

    @Command(name = "generate", description = "A new encrypted key file (passphrase: $OTA_KEY_PASSPHRASE or prompt).")
    private final class Generate implements Step {

        @Option(names = "--scheme", required = true, description = "ed25519, ecdsa or rsa")
        String scheme;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public void run() throws IOException {
            Scheme chosen = switch (scheme) {
                case "ed25519" -> Scheme.ED25519;
                case "ecdsa" -> Scheme.ECDSA_SHA2_NISTP256;
                case "rsa" -> Scheme.RSASSA_PSS_SHA256;
                default -> throw new IllegalArgumentException("scheme is ed25519, ecdsa or rsa");
            };
            if (Files.exists(out)) {
                throw new IllegalArgumentException(out + " exists; refusing to overwrite a key");
            }
            Signer signer = Signers.generate(chosen);
            EncryptedKeyFile.write(out, signer, passphrase(), iterations);
            KeyCeremony.this.out.println(signer.keyId());
        }
    }

    @Command(name = "public", description = "Prints the key id and the TUF public key object of a key file.")
    private final class PublicKey implements Step {

        @Option(names = "--key", required = true)
        Path key;

        @Override
        public void run() throws IOException {
            TufKey tufKey = publicKey(key);
            out.println(tufKey.keyId() + " " + CanonicalJson.encodeToString(tufKey));
        }
    }

    @Command(name = "root", description = "An unsigned root (public keys only).")
    private final class RootDocument implements Step {

        @Option(names = "--version", required = true)
        long version;

        @Option(names = "--expires-days", required = true)
        long expiresDays;

        @Option(names = "--threshold", required = true)
        int threshold;

        @Option(names = "--root-key", required = true)
        List<Path> rootKeys;

        @Option(names = "--targets-key", required = true)
        List<Path> targetsKeys;

        @Option(names = "--snapshot-key", required = true)
        Path snapshotKey;

        @Option(names = "--timestamp-key", required = true)
        Path timestampKey;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public void run() throws IOException {
            var root = Ceremony.root(
                    version,
                    expires(expiresDays),
                    publicKeys(rootKeys),
                    threshold,
                    publicKeys(targetsKeys),
                    1,
                    publicKey(snapshotKey),
                    publicKey(timestampKey));
            Files.writeString(out, root.toJson());
        }
    }

    @Command(
            name = "targets",
            description = "Unsigned top-level targets with the release, supplier and ci delegations.")
    private final class TargetsDocument implements Step {

        @Option(names = "--version", required = true)
        long version;

        @Option(names = "--expires-days", required = true)
        long expiresDays;

        @Option(names = "--ci-key", required = true)
        Path ciKey;

        @Option(names = "--release-key", required = true)
        List<Path> releaseKeys;

        @Option(
                names = "--deltas-key",
                description = "the online key that signs deltas (role deltas, paths deltas/*, listed before release);"
                        + " without it the repository publishes no deltas")
        @org.jspecify.annotations.Nullable
        Path deltasKey;

        @Option(names = "--supplier", description = "NAME=PATTERN[,PATTERN]:KEYFILE")
        List<String> suppliers = new ArrayList<>();

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public void run() throws IOException {
            var delegations = new LinkedHashMap<String, Ceremony.SupplierDelegation>();
            for (String supplier : suppliers) {
                String[] nameRest = supplier.split("=", 2);
                int colon = nameRest.length == 2 ? nameRest[1].lastIndexOf(':') : -1;
                if (colon < 0) {
                    throw new IllegalArgumentException("--supplier is NAME=PATTERN[,PATTERN]:KEYFILE, not " + supplier);
                }
                delegations.put(
                        nameRest[0],
                        new Ceremony.SupplierDelegation(
                                publicKey(Path.of(nameRest[1].substring(colon + 1))),
                                List.of(nameRest[1].substring(0, colon).split(","))));
            }
            var targets = Ceremony.imageTopLevelTargets(
                    version,
                    expires(expiresDays),
                    publicKey(ciKey),
                    publicKeys(releaseKeys),
                    deltasKey == null ? null : publicKey(deltasKey),
                    delegations);
            Files.writeString(out, targets.toJson());
        }
    }

    @Command(name = "sign", description = "Adds one signature (each key holder signs separately).")
    private final class Sign implements Step {

        @Option(names = "--key", required = true)
        Path key;

        @Option(names = "--in", required = true)
        Path in;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public void run() throws IOException {
            Signer signer = OfflineSignature.unlock(key, passphrase());
            Files.writeString(this.out, OfflineSignature.sign(Files.readAllBytes(in), signer));
            KeyCeremony.this.out.println("signed with " + signer.keyId());
        }
    }

    @Command(name = "combine", description = "Merges the signatures of copies of one document.")
    private final class Combine implements Step {

        @Option(names = "--in", required = true)
        List<Path> inputs;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public void run() throws IOException {
            SignedDocument<Map<String, Object>> combined = null;
            for (Path in : inputs) {
                var doc = SignedDocument.parse(Files.readAllBytes(in), m -> m);
                combined = combined == null ? doc : combined.combine(doc);
            }
            Objects.requireNonNull(combined, "--in names at least one file");
            Files.writeString(this.out, combined.toJson());
            KeyCeremony.this.out.println(combined.signatures().size() + " signatures");
        }
    }

    @Command(name = "verify-root", description = "Checks a new root as a client would (TUF 5.3).")
    private final class VerifyRoot implements Step {

        @Option(names = "--trusted", required = true)
        Path trusted;

        @Option(names = "--in", required = true)
        Path in;

        @Override
        public void run() throws IOException {
            var repository = new TrustedRepository("ceremony", Files.readAllBytes(trusted), Clock.systemUTC());
            Root accepted = repository.updateRoot(Files.readAllBytes(in));
            out.println("OK: root version " + accepted.version() + " would be accepted by clients");
        }
    }

    private char[] passphrase() {
        return passphrase != null ? passphrase : OfflineSignature.passphrase(System.getenv(), System.console());
    }

    private static Instant expires(long days) {
        return Instant.now().plus(Duration.ofDays(days));
    }

    private static TufKey publicKey(Path file) throws IOException {
        return EncryptedKeyFile.publicKey(Files.readAllBytes(file));
    }

    private static List<TufKey> publicKeys(List<Path> files) throws IOException {
        var keys = new ArrayList<TufKey>();
        for (Path file : files) {
            keys.add(publicKey(file));
        }
        return keys;
    }
}
