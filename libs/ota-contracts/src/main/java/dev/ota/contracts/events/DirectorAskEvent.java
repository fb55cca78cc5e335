package dev.ota.contracts.events;

/**
 * A vehicle asking the director for its metadata over MQTT, relayed by the gateway
 * ({@code ota.director.requests}), and the director's answer from its stored metadata ({@code ota.director.answers}).
 * Keyed by VIN. Uptane 2.0 section 5.2: the director exposes an interface from which primaries download their
 * metadata.
 */
public sealed interface DirectorAskEvent extends OtaEvent permits DirectorMetadataRequested, DirectorMetadataAnswered {}
