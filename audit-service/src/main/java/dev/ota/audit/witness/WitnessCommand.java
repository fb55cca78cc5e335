package dev.ota.audit.witness;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.NoteSigner;
import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The witness as a command, run by someone other than the log's operator, with its own key and state directory:
 *
 * <pre>
 * witness keygen --name witness.example.org --key witness.key          # prints the witness verifier key
 * witness run --name witness.example.org --key witness.key --state state/ \
 *             --log-key @log.pub --url https://audit.example.org [--token @token]
 * </pre>
 *
 * {@code run} does one round: it fetches the log's latest checkpoint and a consistency proof from the last checkpoint
 * it cosigned, checks both with {@link Witness}, and submits its cosignature to the log. Exit code 0 when it cosigned,
 * 1 when it refused (rollback, fork, bad proof or signature) or the log did not accept it, 2 on misuse. Arguments are
 * parsed by picocli.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, description = "An audit-log witness: keygen, run.")
public final class WitnessCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USAGE = "usage: witness keygen --name <name> --key <file>\n"
            + "       witness run --name <name> --key <file> --state <dir> --log-key <key | @file> --url <base url>"
            + " [--token <bearer token | @file>]";

    private WitnessCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** A subcommand: its exit code. */
    private interface Action {
        int run(PrintStream out, PrintStream err) throws IOException;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        // "@file" is this tool's own syntax for a key or token kept in a file, not picocli's argument file
        CommandLine commandLine = new CommandLine(new WitnessCommand())
                .addSubcommand(new Keygen())
                .addSubcommand(new Round())
                .setExpandAtFiles(false);
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            ParseResult action = parsed.subcommand();
            if (action == null) {
                throw new IllegalArgumentException("name a command: keygen or run");
            }
            return ((Action) action.commandSpec().userObject()).run(out, err);
        } catch (ParameterException | IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    @Command(name = "keygen", description = "A new witness key; prints its verifier key.")
    private static final class Keygen implements Action {

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--key", required = true)
        Path key;

        @Override
        public int run(PrintStream out, PrintStream err) throws IOException {
            if (Files.exists(key)) {
                throw new IllegalArgumentException(key + " exists; a witness keeps its key");
            }
            Path dir = key.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.createFile(key);
            try {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            byte[] seed = NoteSigner.newSeed();
            Files.writeString(key, Base64.getEncoder().encodeToString(seed) + "\n", StandardCharsets.US_ASCII);
            out.println(new WitnessSigner(name, seed).publicKey().verifierKey());
            return 0;
        }
    }

    @Command(name = "run", description = "One round: check the log's latest checkpoint and cosign it.")
    private static final class Round implements Action {

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--key", required = true)
        Path key;

        @Option(names = "--state", required = true)
        Path state;

        @Option(names = "--log-key", required = true, description = "the log's verifier key, or @file")
        String logKey;

        @Option(names = "--url", required = true, description = "the audit service's base URL")
        String url;

        @Option(names = "--token", description = "a bearer token, or @file")
        @Nullable
        String token;

        @Override
        public int run(PrintStream out, PrintStream err) throws IOException {
            WitnessSigner signer = new WitnessSigner(
                    name,
                    Base64.getDecoder()
                            .decode(Files.readString(key, StandardCharsets.US_ASCII)
                                    .strip()));
            Witness witness = new Witness(
                    NoteKey.parseVerifierKey(textOrFile(logKey)), signer, new WitnessState(state), Clock.systemUTC());
            Log log = new Log(
                    URI.create(url.replaceAll("/+$", "")),
                    Optional.ofNullable(token).map(WitnessCommand::textOrFile));

            String note = log.get("/api/audit/checkpoints/latest/note");
            long size = Checkpoint.parse(SignedNote.parse(note).body()).treeSize();
            List<byte[]> proof = new ArrayList<>();
            Optional<Long> last = witness.lastCosignedSize();
            if (last.isPresent() && last.get() < size) {
                JsonNode consistency =
                        JSON.readTree(log.get("/api/audit/proofs/consistency?first=" + last.get() + "&second=" + size));
                consistency.path("proof").forEach(h -> proof.add(Hashes.fromHex(h.asString())));
            }
            Witness.Answer answer = witness.add(note, proof);
            if (!(answer instanceof Witness.Cosigned cosigned)) {
                err.println("REFUSED: " + answer.message());
                return 1;
            }
            String body = JSON.writeValueAsString(JSON.createObjectNode()
                    .put("checkpoint", note)
                    .put("cosignature", cosigned.cosignature().text()));
            HttpResponse<String> stored = log.post("/api/audit/checkpoints/cosignatures", body);
            if (stored.statusCode() / 100 != 2) {
                err.println("COSIGNED but the log refused the cosignature: HTTP " + stored.statusCode() + " "
                        + stored.body());
                return 1;
            }
            out.println("COSIGNED: " + answer.message());
            out.println(cosigned.cosignature().text());
            return 0;
        }
    }

    /** The log's REST API, as the witness's machine identity. */
    private record Log(URI base, Optional<String> token) {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        String get(String path) throws IOException {
            HttpResponse<String> response = send(
                    HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        HttpResponse<String> post(String path, String json) throws IOException {
            return send(HttpRequest.newBuilder(base.resolve(base.getPath() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t.strip()));
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static String textOrFile(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + value.substring(1) + ": " + e.getMessage(), e);
        }
    }
}
