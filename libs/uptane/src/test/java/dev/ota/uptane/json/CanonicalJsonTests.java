package dev.ota.uptane.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTests {

    @ParameterizedTest
    @ValueSource(strings = {"sorted", "escaping", "codepoint-order", "numbers"})
    void encodesGoldenFilesByteForByte(String name) throws IOException {
        byte[] input = resource(name + ".json");
        byte[] expected = resource(name + ".canonical");

        assertThat(CanonicalJson.encode(Json.parse(input))).isEqualTo(expected);
    }

    @Test
    void canonicalFormIsAFixedPoint() throws IOException {
        byte[] canonical = resource("escaping.canonical");

        assertThat(CanonicalJson.encode(Json.parse(canonical))).isEqualTo(canonical);
    }

    @Test
    void escapesOnlyQuoteAndBackslashAndWritesControlCharactersRaw() {
        assertThat(CanonicalJson.encodeToString("\"\\\u0001\u001f\n")).isEqualTo("\"\\\"\\\\\u0001\u001f\n\"");
    }

    @Test
    void refusesFloatingPointNumbers() {
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of("x", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"x\": 1.5}")).isInstanceOf(MalformedMetadataException.class);
    }

    @Test
    void refusesDuplicateKeysWhenParsing() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).isInstanceOf(MalformedMetadataException.class);
    }

    @Test
    void writesNoWhitespaceInNestedArrays() {
        assertThat(CanonicalJson.encodeToString(List.of(Map.of("b", List.of(1L, 2L), "a", "x"), true)))
                .isEqualTo("[{\"a\":\"x\",\"b\":[1,2]},true]");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CanonicalJsonTests.class.getResourceAsStream("/canonical/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
