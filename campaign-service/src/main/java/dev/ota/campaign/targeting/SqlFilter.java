package dev.ota.campaign.targeting;

import java.util.Map;

/**
 * A targeting selector compiled to a SQL condition over the registry's {@code vehicle v}, with its named parameters.
 * Values are always bound, never concatenated.
 */
public record SqlFilter(String where, Map<String, Object> params) {

    public SqlFilter {
        params = Map.copyOf(params);
    }
}
