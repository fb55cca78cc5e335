/** Uptane and TUF: metadata model, canonical JSON, signing schemes, repository writer and client verifier. */
@NullMarked
package dev.ota.uptane;

import org.jspecify.annotations.NullMarked;
