package dev.ota.cli;

import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
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

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            description = "text (default) or json",
            defaultValue = "text")
    Format format = Format.text;

    public boolean json() {
        return format == Format.json;
    }

    /** Prints the result: the JSON document, or the text for people. */
    public void print(Terminal terminal, JsonNode result, String text) {
        terminal.out().println(json() ? JSON.writeValueAsString(result) : text);
        terminal.out().flush();
    }

    public static JsonMapper mapper() {
        return JSON;
    }
}
