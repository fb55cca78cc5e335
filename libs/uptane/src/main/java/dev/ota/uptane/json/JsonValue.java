package dev.ota.uptane.json;

/** A model object that knows its JSON tree (maps, lists, strings, integers, booleans, nulls). */
public interface JsonValue {

    /** This object as plain JSON values, ready for {@link CanonicalJson#encode}. */
    Object toJsonValue();
}
