package dev.ota.cli.campaign;

import dev.ota.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A campaign definition written in YAML: the same fields as the campaign service's JSON ({@code name}, {@code target},
 * {@code bundle}, {@code stages}, {@code healthCriteria}, {@code rollbackPolicy}, {@code policies}; see
 * docs/campaign-service.md), checked here only for what the preview and the confirmation need. The service validates
 * the rest.
 */
record CampaignFile(JsonNode definition) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static CampaignFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage("no campaign file at " + file);
        }
        JsonNode definition;
        try {
            definition = YAML.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw CliFailure.usage(file + " is not valid YAML: "
                    + Objects.requireNonNullElse(e.getMessage(), "")
                            .lines()
                            .findFirst()
                            .orElse(""));
        }
        return of(definition, file.toString());
    }

    static CampaignFile of(JsonNode definition, String source) {
        if (definition == null || !definition.isObject()) {
            throw CliFailure.usage(source + " holds no campaign (a YAML mapping with name, target, bundle, stages)");
        }
        for (String field : new String[] {"name", "target", "bundle", "stages"}) {
            if (!definition.hasNonNull(field)) {
                throw CliFailure.usage(source + " has no '" + field + "'");
            }
        }
        return new CampaignFile(definition);
    }

    String name() {
        return definition.path("name").asString();
    }

    /** The targeting selector, as the preview endpoint takes it. */
    JsonNode target() {
        return definition.path("target");
    }

    int stageCount() {
        return definition.path("stages").size();
    }
}
