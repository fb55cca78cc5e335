package dev.ota.contracts;

import dev.ota.contracts.events.OtaEvent;

/**
 * The fixed logical identity of an event on the wire.
 *
 * @param name wire name including the version, e.g. {@code ota.ImageSigned.v1}
 * @param version schema version; a breaking change is a new name with a new version
 * @param javaType the record that carries it in Java (an implementation detail, never written to the wire)
 */
public record EventType(String name, int version, Class<? extends OtaEvent> javaType) {}
