package dev.ota.cli;

import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --output text|json}, mixed into every command: text for people, one JSON document on stdout for scripts and
 * CI. Errors always go to stderr as one line, whatever the format.
 */
public final class OutputOption {

    /** The output formats. */
    public enum Format {
        text,
        json
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json", defaultValue = "text")
    Format format = Format.text;

    public boolean json() {
        return format == Format.json;
    }

    /** Prints the result: the JSON document, or the text for people. */
    public void print(Terminal terminal, JsonNode result, String text) {
        terminal.out().println(json() ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) : text);
        terminal.out().flush();
    }

    /** The JSON mapper of the command line: requests, answers and the kept login (compact). */
    public static JsonMapper mapper() {
        return JSON;
    }
}
