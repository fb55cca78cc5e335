package dev.ota.campaign.targeting;

import java.util.ArrayList;
import java.util.List;

/**
 * The fleet query language, RSQL/FIQL as hawkBit's target filters: {@code model==ID.4;modelYear=ge=2022},
 * {@code region=in=(EU,UK),tag==fleet-test}, {@code ecu.brake-ctrl-v2.releaseCounter=lt=42}. {@code ;} is AND,
 * {@code ,} is OR (AND binds tighter), parentheses group. Values may be quoted; {@code *} in {@code ==} is a wildcard.
 */
public sealed interface TargetQuery {

    /** Parses a query, or throws {@link InvalidTargetQueryException} naming the position and what was expected. */
    static TargetQuery parse(String text) {
        return new TargetQueryParser(text).parse();
    }

    /** All of the parts hold. */
    record And(List<TargetQuery> parts) implements TargetQuery {}

    /** At least one part holds. */
    record Or(List<TargetQuery> parts) implements TargetQuery {}

    /** One field compared with one or more values. */
    record Comparison(TargetField field, Operator operator, List<String> values) implements TargetQuery {

        public Comparison {
            values = List.copyOf(values);
        }
    }

    /** RSQL comparison operators. */
    enum Operator {
        EQ("=="),
        NE("!="),
        LT("=lt="),
        LE("=le="),
        GT("=gt="),
        GE("=ge="),
        IN("=in="),
        OUT("=out=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static List<String> symbols() {
            List<String> all = new ArrayList<>();
            for (Operator op : values()) {
                all.add(op.symbol);
            }
            all.addAll(List.of("<=", ">=", "<", ">"));
            return all;
        }
    }
}
