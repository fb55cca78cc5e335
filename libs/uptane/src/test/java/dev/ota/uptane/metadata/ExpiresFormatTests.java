package dev.ota.uptane.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.json.MalformedMetadataException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TUF 1.0 section 4.2: "expires" is "YYYY-MM-DDTHH:MM:SSZ" and nothing else. */
class ExpiresFormatTests {

    private static Instant expires(String value) {
        return RoleMetadata.parseExpires(Map.of("expires", value));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2030-01-01T00:00:00.5Z",
                "2030-01-01T00:00:00.000Z",
                "2030-01-01T00:00:00+00:00",
                "2030-01-01T00:00Z",
                "2030-02-30T00:00:00Z",
                "2030-01-01t00:00:00z"
            })
    void refusesAnyOtherForm(String value) {
        assertThatThrownBy(() -> expires(value))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining("YYYY-MM-DDTHH:MM:SSZ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2030-01-01T00:00:00Z", "1985-10-21T01:21:00Z"})
    void acceptsTheSpecifiedForm(String value) {
        assertThat(expires(value)).isEqualTo(Instant.parse(value));
    }
}
