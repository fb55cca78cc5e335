package dev.ota.campaign.targeting;

import java.time.Instant;

/** A saved, named fleet query. */
public record Segment(String name, String query, String description, String createdBy, Instant createdAt) {}
