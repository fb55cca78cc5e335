package dev.ota.campaign.targeting;

import java.util.Map;

/** How many vehicles a selector matches, broken down by model and by region. */
public record TargetPreview(long total, Map<String, Long> byModel, Map<String, Long> byRegion) {}
