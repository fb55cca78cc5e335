package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.UpdateAssigned;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventCodecTests {

    @Test
    void everyRegisteredEventTypeHasASample() {
        Set<Class<?>> sampled = new HashSet<>();
        SampleEvents.all().forEach(event -> sampled.add(event.getClass()));
        assertThat(sampled)
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL.stream()
                        .map(EventType::javaType)
                        .map(type -> (Class<?>) type)
                        .toList());
    }

    @Test
    void everyEventSurvivesAJsonRoundTrip() {
        for (OtaEvent event : SampleEvents.all()) {
            byte[] wire = EventCodec.encode(event);
            assertThat(EventCodec.decode(wire)).as(event.type()).contains(event);
        }
    }

    @Test
    void wireFormCarriesLogicalTypeAndVersionNotAJavaClassName() {
        String json = EventCodec.encodeToString(SampleEvents.all().getFirst());
        JsonNode tree = EventCodec.mapper().readTree(json);
        assertThat(tree.get("type").asString()).isEqualTo("ota.ImageSigned.v1");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.get("occurredAt").asString()).isEqualTo("2026-11-26T10:15:30Z");
        assertThat(json).doesNotContain("dev.ota");
    }

    @Test
    void eventsKnowTheirTopicAndKey() {
        for (OtaEvent event : SampleEvents.all()) {
            assertThat(Topics.everyTopic()).contains(event.topic());
            assertThat(event.key()).isNotBlank();
        }
        UpdateAssigned assigned = (UpdateAssigned) SampleEvents.all().get(10);
        assertThat(assigned.key()).isEqualTo(SampleEvents.VIN);
        assertThat(assigned.topic()).isEqualTo(Topics.VEHICLE_ASSIGNMENTS);
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddFields() {
        String json = EventCodec.encodeToString(SampleEvents.all().getFirst())
                .replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .contains(SampleEvents.all().getFirst());
    }

    @Test
    void campaignsAndAssignmentsPublishedBeforeTheRxswinFieldStillReadWithoutOne() throws Exception {
        for (String type : new String[] {"ota.CampaignCreated.v1", "ota.UpdateAssigned.v1"}) {
            byte[] golden;
            try (var in = getClass().getResourceAsStream("/contracts/" + type + ".json")) {
                golden = in.readAllBytes();
            }
            assertThat(EventCodec.mapper().readTree(golden).has("rxswin")).isFalse();
            OtaEvent old = EventCodec.decode(golden).orElseThrow();
            Object rxswin = switch (old) {
                case CampaignCreated c -> c.rxswin();
                case UpdateAssigned a -> a.rxswin();
                default -> "unexpected " + old.type();
            };
            assertThat(rxswin).as(type).isNull();
        }
    }

    @Test
    void unknownTypeIsSkippedNotRejected() {
        byte[] newer = "{\"type\":\"ota.SomethingNew.v1\",\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(EventCodec.decode(newer)).isEmpty();
    }

    @Test
    void garbageIsMalformedWithAReason() {
        assertThatThrownBy(() -> EventCodec.decode("not json at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> EventCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("an event must be a JSON object");
        assertThatThrownBy(() -> EventCodec.decode("{\"eventId\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("missing required field 'type'");
    }

    @Test
    void missingRequiredFieldIsMalformedAndNamesTheField() {
        String json =
                EventCodec.encodeToString(SampleEvents.all().getFirst()).replace("\"imageName\":\"brake-ctrl\",", "");
        assertThatThrownBy(() -> EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("imageName");
    }

    @Test
    void wrongFieldTypeIsMalformed() {
        String json = EventCodec.encodeToString(SampleEvents.all().getFirst())
                .replace("\"releaseCounter\":42", "\"releaseCounter\":\"many\"");
        assertThatThrownBy(() -> EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("ota.ImageSigned.v1");
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        byte[] huge = new byte[EventCodec.MAX_EVENT_BYTES + 1];
        assertThatThrownBy(() -> EventCodec.decode(huge))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void decodingAsAnExpectedTypeRefusesOtherTypes() {
        byte[] wire = EventCodec.encode(SampleEvents.all().get(2));
        assertThatThrownBy(() -> EventCodec.decode(wire, ImageSigned.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("expected ota.ImageSigned.v1 but got ota.CampaignCreated.v1");
    }
}
