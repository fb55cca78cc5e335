package dev.ota.signing.ceremony;

import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 *              [--supplier NAME=PATTERN[,PATTERN]:KEYFILE]... --out FILE  unsigned top-level targets with delegations
 * sign         --key KEYFILE --in FILE --out FILE                       add one signature (each holder, separately)
 * combine      --in FILE --in FILE ... --out FILE                       merge signatures over the same document
 * verify-root  --trusted OLD_ROOT --in NEW_ROOT                          check NEW_ROOT as a client would (TUF 5.3)
 * </pre>
 *
 * Key files are read for their public part only, except by {@code sign}.
 */
public final class KeyCeremony {

    private final PrintStream out;
    private final char @org.jspecify.annotations.Nullable [] passphrase;

    private final int iterations;

    KeyCeremony(PrintStream out, char @org.jspecify.annotations.Nullable [] passphrase, int iterations) {
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

    void run(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "usage: KeyCeremony generate|public|root|targets|sign|combine|verify-root ...");
        }
        var options = parse(args);
        switch (args[0]) {
            case "generate" -> {
                Scheme scheme = switch (one(options, "scheme")) {
                    case "ed25519" -> Scheme.ED25519;
                    case "ecdsa" -> Scheme.ECDSA_SHA2_NISTP256;
                    case "rsa" -> Scheme.RSASSA_PSS_SHA256;
                    default -> throw new IllegalArgumentException("scheme is ed25519, ecdsa or rsa");
                };
                Signer signer = Signers.generate(scheme);
                Path file = Path.of(one(options, "out"));
                if (Files.exists(file)) {
                    throw new IllegalArgumentException(file + " exists; refusing to overwrite a key");
                }
                EncryptedKeyFile.write(file, signer, passphrase(), iterations);
                out.println(signer.keyId());
            }
            case "public" -> {
                TufKey key = publicKey(one(options, "key"));
                out.println(key.keyId() + " " + dev.ota.uptane.json.CanonicalJson.encodeToString(key));
            }
            case "root" -> {
                var root = Ceremony.root(
                        Long.parseLong(one(options, "version")),
                        expires(options),
                        publicKeys(options.get("root-key")),
                        Integer.parseInt(one(options, "threshold")),
                        publicKeys(options.get("targets-key")),
                        1,
                        publicKey(one(options, "snapshot-key")),
                        publicKey(one(options, "timestamp-key")));
                Files.writeString(Path.of(one(options, "out")), root.toJson());
            }
            case "targets" -> {
                var suppliers = new LinkedHashMap<String, Ceremony.SupplierDelegation>();
                for (String s : options.getOrDefault("supplier", List.of())) {
                    String[] nameRest = s.split("=", 2);
                    int colon = nameRest[1].lastIndexOf(':');
                    suppliers.put(
                            nameRest[0],
                            new Ceremony.SupplierDelegation(
                                    publicKey(nameRest[1].substring(colon + 1)),
                                    List.of(nameRest[1].substring(0, colon).split(","))));
                }
                var targets = Ceremony.imageTopLevelTargets(
                        Long.parseLong(one(options, "version")),
                        expires(options),
                        publicKey(one(options, "ci-key")),
                        publicKeys(options.get("release-key")),
                        suppliers);
                Files.writeString(Path.of(one(options, "out")), targets.toJson());
            }
            case "sign" -> {
                Signer signer =
                        EncryptedKeyFile.decrypt(Files.readAllBytes(Path.of(one(options, "key"))), passphrase());
                var doc = SignedDocument.parse(Files.readAllBytes(Path.of(one(options, "in"))), m -> m);
                Files.writeString(
                        Path.of(one(options, "out")),
                        doc.withSignatureBy(signer).toJson());
                out.println("signed with " + signer.keyId());
            }
            case "combine" -> {
                List<String> inputs = options.get("in");
                if (inputs == null || inputs.isEmpty()) {
                    throw new IllegalArgumentException("--in is required");
                }
                SignedDocument<Map<String, Object>> combined = null;
                for (String in : inputs) {
                    var doc = SignedDocument.parse(Files.readAllBytes(Path.of(in)), m -> m);
                    combined = combined == null ? doc : combined.combine(doc);
                }
                Objects.requireNonNull(combined, "--in names at least one file");
                Files.writeString(Path.of(one(options, "out")), combined.toJson());
                out.println(combined.signatures().size() + " signatures");
            }
            case "verify-root" -> {
                var trusted = new TrustedRepository(
                        "ceremony", Files.readAllBytes(Path.of(one(options, "trusted"))), Clock.systemUTC());
                Root accepted = trusted.updateRoot(Files.readAllBytes(Path.of(one(options, "in"))));
                out.println("OK: root version " + accepted.version() + " would be accepted by clients");
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private char[] passphrase() {
        if (passphrase != null) {
            return passphrase;
        }
        String env = System.getenv("OTA_KEY_PASSPHRASE");
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("set OTA_KEY_PASSPHRASE or run on a terminal");
        }
        return console.readPassword("key passphrase: ");
    }

    private static Instant expires(Map<String, List<String>> options) {
        return Instant.now().plus(Duration.ofDays(Long.parseLong(one(options, "expires-days"))));
    }

    private static TufKey publicKey(String file) throws IOException {
        return EncryptedKeyFile.publicKey(Files.readAllBytes(Path.of(file)));
    }

    private static List<TufKey> publicKeys(@Nullable List<String> files) throws IOException {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("at least one key file is required");
        }
        var keys = new ArrayList<TufKey>();
        for (String f : files) {
            keys.add(publicKey(f));
        }
        return keys;
    }

    private static String one(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        if (values == null || values.size() != 1) {
            throw new IllegalArgumentException("--" + name + " is required once");
        }
        return values.getFirst();
    }

    private static Map<String, List<String>> parse(String[] args) {
        var options = new LinkedHashMap<String, List<String>>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value at " + args[i]);
            }
            options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>())
                    .add(args[++i]);
        }
        return options;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
