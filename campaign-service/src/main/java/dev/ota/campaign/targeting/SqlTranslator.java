package dev.ota.campaign.targeting;

import dev.ota.campaign.targeting.TargetQuery.And;
import dev.ota.campaign.targeting.TargetQuery.Comparison;
import dev.ota.campaign.targeting.TargetQuery.Operator;
import dev.ota.campaign.targeting.TargetQuery.Or;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compiles a {@link TargetQuery} to a parameterised SQL condition over {@code vehicle v} (and, for {@code hardwareId},
 * {@code ecu e}). Installed-software fields ({@code ecu.<hardwareId>.*}) test the vehicle's {@code software} summary
 * (migration V4), one scan of {@code vehicle} instead of a semi-join over every ECU of that hardware.
 */
final class SqlTranslator {

    private final Map<String, Object> params = new LinkedHashMap<>();
    private final String prefix;

    private SqlTranslator(String prefix) {
        this.prefix = prefix;
    }

    static SqlFilter translate(TargetQuery query) {
        return translate(query, "q");
    }

    static SqlFilter translate(TargetQuery query, String prefix) {
        SqlTranslator translator = new SqlTranslator(prefix);
        String where = translator.sql(query);
        return new SqlFilter(where, translator.params);
    }

    private String sql(TargetQuery query) {
        return switch (query) {
            case And and -> and.parts().stream().map(this::sql).collect(Collectors.joining(" and ", "(", ")"));
            case Or or -> or.parts().stream().map(this::sql).collect(Collectors.joining(" or ", "(", ")"));
            case Comparison comparison -> comparison(comparison);
        };
    }

    private String comparison(Comparison c) {
        TargetField field = c.field();
        return switch (field.kind()) {
            case VIN -> column("v.vin", c);
            case MODEL -> column("v.model", c);
            case REGION -> column("v.region", c);
            case MARKET -> column("v.market", c);
            case MODEL_YEAR -> column("v.model_year", c);
            case TAG -> tag(c);
            case HARDWARE_ID -> {
                String inner = column("e.hardware_id", positive(c));
                String vins = "v.vin in (select e.vin from ecu e where " + inner + ")";
                yield negated(c.operator()) ? "not " + vins : vins;
            }
            case ECU_VERSION -> installed(field, "version", c);
            case ECU_IMAGE -> installed(field, "image", c);
            case ECU_RELEASE_COUNTER -> installed(field, "releaseCounter", c);
        };
    }

    /**
     * A test on the software installed on the vehicle's ECU of a hardware id. {@code !=} and {@code =out=} also match an
     * ECU of that hardware that has not reported the value yet; no test matches a vehicle without such an ECU.
     */
    private String installed(TargetField field, String key, Comparison c) {
        String ecu = "(v.software -> cast("
                + bind(Objects.requireNonNull(field.hardwareId(), "an ECU field names its hardware id")) + " as text))";
        String value =
                c.field().kind().text ? ecu + " ->> '" + key + "'" : "cast(" + ecu + " ->> '" + key + "' as bigint)";
        return switch (c.operator()) {
            case NE, OUT ->
                "(" + ecu + " is not null and (" + value + " is null or not " + column(value, positive(c)) + "))";
            default -> column(value, c);
        };
    }

    /** Array containment ({@code @>}, {@code &&}) so the GIN index on tags serves it. */
    private String tag(Comparison c) {
        String test = c.values().size() == 1
                ? "v.tags @> array[" + bind(c.values().getFirst()) + "]::text[]"
                : "v.tags && array[" + c.values().stream().map(this::bind).collect(Collectors.joining(", "))
                        + "]::text[]";
        return negated(c.operator()) ? "not (" + test + ")" : test;
    }

    private static boolean negated(Operator operator) {
        return operator == Operator.NE || operator == Operator.OUT;
    }

    private static Comparison positive(Comparison c) {
        return switch (c.operator()) {
            case NE -> new Comparison(c.field(), Operator.EQ, c.values());
            case OUT -> new Comparison(c.field(), Operator.IN, c.values());
            default -> c;
        };
    }

    private String column(String column, Comparison c) {
        boolean numeric = !c.field().kind().text;
        List<Object> values = c.values().stream()
                .map(v -> numeric ? (Object) Long.parseLong(v) : v)
                .toList();
        return switch (c.operator()) {
            case EQ -> equality(column, values.getFirst(), false);
            case NE -> equality(column, values.getFirst(), true);
            case LT -> column + " < " + bind(values.getFirst());
            case LE -> column + " <= " + bind(values.getFirst());
            case GT -> column + " > " + bind(values.getFirst());
            case GE -> column + " >= " + bind(values.getFirst());
            case IN -> column + " in (" + bind(values) + ")";
            case OUT -> column + " not in (" + bind(values) + ")";
        };
    }

    private String equality(String column, Object value, boolean negate) {
        if (value instanceof String text && text.contains("*")) {
            String pattern = text.replace("\\", "\\\\")
                    .replace("%", "\\%")
                    .replace("_", "\\_")
                    .replace('*', '%');
            return column + (negate ? " not like " : " like ") + bind(pattern);
        }
        return column + (negate ? " <> " : " = ") + bind(value);
    }

    private String bind(Object value) {
        String name = prefix + params.size();
        params.put(name, value);
        return ":" + name;
    }
}
