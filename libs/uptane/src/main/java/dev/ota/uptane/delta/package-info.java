/**
 * Delta updates: the codec that turns an installed image into the next one, the signed description a delta target
 * carries (its base and its result), and the vehicle-side checks that keep a delta exactly as safe as the full image.
 */
@NullMarked
package dev.ota.uptane.delta;

import org.jspecify.annotations.NullMarked;
