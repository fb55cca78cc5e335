package dev.ota.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API as a contract: a service's OpenAPI document, as the running service serves it ({@code /v3/api-docs}), must
 * equal the one committed in {@code docs/api/<service>.json}. A change to the API then shows in review as a change to
 * that file. Both are compared in one canonical form (keys sorted, two-space indentation, one newline at the end).
 *
 * <p>Run with {@code -Dopenapi.update=true} to rewrite the committed file from the running service instead.
 */
public final class OpenApiContract {

    /** The system property that makes the check rewrite the committed document instead of comparing. */
    public static final String UPDATE_PROPERTY = "openapi.update";

    private static final int MAX_DIFF_LINES = 80;

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private OpenApiContract() {}

    /**
     * Fetches the document from the service on {@code port} and fails, with a line diff and the command that
     * regenerates the file, when it differs from {@code docs/api/<service>.json}.
     */
    public static void assertMatchesCommitted(int port, String service) {
        String served = canonical(fetch(port));
        Path root = repositoryRoot();
        Path committed = root.resolve("docs/api").resolve(service + ".json");
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(committed, served);
            System.out.println("OpenApiContract: wrote " + root.relativize(committed));
            return;
        }
        String regenerate = "./mvnw -pl " + root.relativize(Path.of("").toAbsolutePath())
                + " -am test -Dtest=" + callingTestClass()
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";
        if (!Files.exists(committed)) {
            Assertions.fail(root.relativize(committed) + " does not exist. Create it from the running service with:\n  "
                    + regenerate);
        }
        String expected = read(committed);
        if (!expected.equals(served)) {
            Assertions.fail(root.relativize(committed)
                    + " differs from the OpenAPI document the service serves (/v3/api-docs)."
                    + "\nIf the API change is intended, regenerate the file and commit it:\n  " + regenerate
                    + "\n--- committed, +++ served (line numbers of the served document):\n"
                    + LineDiff.of(expected, served, MAX_DIFF_LINES));
        }
    }

    /** The document with its keys sorted and pretty-printed, so that equal documents are equal text. */
    static String canonical(String json) {
        Object tree = CANONICAL.readValue(json, Object.class);
        return CANONICAL.writeValueAsString(tree) + "\n";
    }

    private static String fetch(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                Assertions.fail("/v3/api-docs answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching /v3/api-docs", e);
        }
    }

    /** The checkout's root: the first directory up from the module that holds the Maven wrapper. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no checkout (a directory with mvnw and docs/) above "
                + Path.of("").toAbsolutePath());
    }

    private static String callingTestClass() {
        return StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .filter(name -> !name.equals(OpenApiContract.class.getName()))
                        .findFirst())
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .orElse("ApiContractIntegrationTests");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
