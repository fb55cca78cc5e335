package dev.ota.audit.bundle;

import dev.ota.contracts.EventCodec;
import tools.jackson.databind.JsonNode;

/** The few facts of an event a bundle shows beside its bytes, read from the bytes themselves. */
record EventFacts(String type, String eventId, String occurredAt, JsonNode tree) {

    static EventFacts of(byte[] payload) {
        JsonNode tree = EventCodec.mapper().readTree(payload);
        return new EventFacts(
                tree.path("type").asString(""),
                tree.path("eventId").asString(""),
                tree.path("occurredAt").asString(""),
                tree);
    }

    String field(String name) {
        return tree.path(name).asString("");
    }
}
