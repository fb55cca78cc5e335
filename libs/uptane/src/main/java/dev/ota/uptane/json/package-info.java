/** OLPC canonical JSON (what TUF signs) and a parser into plain Java values that keeps unknown fields. */
@NullMarked
package dev.ota.uptane.json;

import org.jspecify.annotations.NullMarked;
