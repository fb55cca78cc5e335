package dev.ota.campaign.targeting;

import dev.ota.campaign.targeting.TargetQuery.And;
import dev.ota.campaign.targeting.TargetQuery.Comparison;
import dev.ota.campaign.targeting.TargetQuery.Operator;
import dev.ota.campaign.targeting.TargetQuery.Or;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for the RSQL grammar: or := and (',' and)*; and := term (';' term)*. */
final class TargetQueryParser {

    private static final int MAX_LENGTH = 10_000;

    private final String text;
    private int pos;

    TargetQueryParser(String text) {
        if (text.isBlank()) {
            throw new InvalidTargetQueryException("the query is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidTargetQueryException("the query is longer than " + MAX_LENGTH + " characters");
        }
        this.text = text;
    }

    TargetQuery parse() {
        TargetQuery query = or();
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        return query;
    }

    private TargetQuery or() {
        List<TargetQuery> parts = new ArrayList<>();
        parts.add(and());
        while (consume(',')) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.getFirst() : new Or(parts);
    }

    private TargetQuery and() {
        List<TargetQuery> parts = new ArrayList<>();
        parts.add(term());
        while (consume(';')) {
            parts.add(term());
        }
        return parts.size() == 1 ? parts.getFirst() : new And(parts);
    }

    private TargetQuery term() {
        if (consume('(')) {
            TargetQuery inner = or();
            if (!consume(')')) {
                throw error("expected ')'");
            }
            return inner;
        }
        return comparison();
    }

    private TargetQuery comparison() {
        skipSpace();
        int fieldStart = pos;
        while (pos < text.length() && isFieldChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == fieldStart) {
            throw error("expected a field name");
        }
        TargetField field = TargetField.named(text.substring(fieldStart, pos), fieldStart);
        skipSpace();
        Operator operator = operator();
        skipSpace();
        List<String> values = new ArrayList<>();
        if (operator == Operator.IN || operator == Operator.OUT) {
            if (!consume('(')) {
                throw error("expected '(' after " + operator.symbol);
            }
            values.add(value());
            while (consume(',')) {
                values.add(value());
            }
            if (!consume(')')) {
                throw error("expected ')' to close the value list");
            }
        } else {
            values.add(value());
        }
        if (!field.kind().text) {
            for (String value : values) {
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw error("field " + field.kind() + " needs a whole number, not '" + value + "'");
                }
            }
        } else if (operator != Operator.EQ
                && operator != Operator.NE
                && operator != Operator.IN
                && operator != Operator.OUT) {
            throw error("ordering operators apply to numeric fields (modelYear, ecu.<hw>.releaseCounter) only");
        }
        return new Comparison(field, operator, values);
    }

    private Operator operator() {
        for (Operator op : Operator.values()) {
            if (text.startsWith(op.symbol, pos)) {
                pos += op.symbol.length();
                return op;
            }
        }
        String[][] shorthands = {{"<=", "LE"}, {">=", "GE"}, {"<", "LT"}, {">", "GT"}};
        for (String[] shorthand : shorthands) {
            if (text.startsWith(shorthand[0], pos)) {
                pos += shorthand[0].length();
                return Operator.valueOf(shorthand[1]);
            }
        }
        throw error("expected an operator, one of " + Operator.symbols());
    }

    private String value() {
        skipSpace();
        if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
            char quote = text.charAt(pos++);
            StringBuilder value = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            if (pos >= text.length()) {
                throw error("unterminated quoted value");
            }
            pos++;
            return value.toString();
        }
        int start = pos;
        while (pos < text.length() && "();,\"' ".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a value");
        }
        return text.substring(start, pos);
    }

    private static boolean isFieldChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == ':';
    }

    private boolean consume(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private InvalidTargetQueryException error(String what) {
        return new InvalidTargetQueryException(what + " at position " + pos + " in: " + text);
    }
}
