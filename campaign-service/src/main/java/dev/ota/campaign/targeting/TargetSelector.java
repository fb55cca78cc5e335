package dev.ota.campaign.targeting;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Which vehicles a campaign or preview targets: a query, an explicit VIN list, or a saved segment. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TargetSelector.ByQuery.class, name = "query"),
    @JsonSubTypes.Type(value = TargetSelector.ByVins.class, name = "vins"),
    @JsonSubTypes.Type(value = TargetSelector.BySegment.class, name = "segment")
})
public sealed interface TargetSelector {

    /** Vehicles matching a query in the fleet query language. */
    record ByQuery(String query) implements TargetSelector {}

    /** Exactly these vehicles (those registered). */
    record ByVins(List<String> vins) implements TargetSelector {

        public ByVins {
            vins = List.copyOf(vins);
            if (vins.isEmpty() || vins.size() > 100_000) {
                throw new InvalidTargetQueryException("a VIN list needs 1..100000 VINs");
            }
        }
    }

    /** Vehicles matching a saved segment's query, as it is when the campaign starts. */
    record BySegment(String segment) implements TargetSelector {}
}
