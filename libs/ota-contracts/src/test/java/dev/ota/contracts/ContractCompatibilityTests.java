package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.OtaEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Guards published contracts. {@code src/test/resources/contracts/} holds one golden message per event type as it was
 * first published. A field that a golden message has must still be written (consumers in the field read it), and every
 * golden message must still be readable (old producers keep sending it). Removing or renaming a field fails here; add
 * a new versioned type instead. Set {@code -Dcontracts.write-missing=true} to write the golden file of a new type.
 */
class ContractCompatibilityTests {

    private static final Path GOLDEN_SOURCE_DIR = Path.of("src/test/resources/contracts");

    @Test
    void everyPublishedFieldIsStillWrittenAndEveryGoldenMessageStillReads() throws IOException {
        List<String> missing = new ArrayList<>();
        for (OtaEvent sample : SampleEvents.all()) {
            String resource = "/contracts/" + sample.type() + ".json";
            JsonNode current = EventCodec.mapper().readTree(EventCodec.encode(sample));
            try (InputStream golden = getClass().getResourceAsStream(resource)) {
                if (golden == null) {
                    writeGoldenIfAsked(sample);
                    missing.add(resource);
                    continue;
                }
                byte[] goldenBytes = golden.readAllBytes();
                JsonNode published = EventCodec.mapper().readTree(goldenBytes);
                assertThat(fieldPaths(current))
                        .as("fields of %s still written", sample.type())
                        .containsAll(fieldPaths(published));
                assertThat(EventCodec.decode(goldenBytes))
                        .as("golden %s still reads", sample.type())
                        .isPresent();
            }
        }
        assertThat(missing).as("event types without a golden message").isEmpty();
    }

    private static TreeSet<String> fieldPaths(JsonNode node) {
        TreeSet<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, TreeSet<String> paths) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = prefix + "/" + field.getKey();
                paths.add(path);
                collect(field.getValue(), path, paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, prefix + "[]", paths);
            }
        }
    }

    private static void writeGoldenIfAsked(OtaEvent sample) throws IOException {
        if (Boolean.getBoolean("contracts.write-missing")) {
            Files.createDirectories(GOLDEN_SOURCE_DIR);
            Files.writeString(
                    GOLDEN_SOURCE_DIR.resolve(sample.type() + ".json"),
                    EventCodec.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(EventCodec.mapper().readTree(EventCodec.encode(sample))));
        }
    }
}
