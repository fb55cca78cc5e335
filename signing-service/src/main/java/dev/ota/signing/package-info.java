/** Uptane image and director repositories, key management and the CI signing endpoint. */
@NullMarked
package dev.ota.signing;

import org.jspecify.annotations.NullMarked;
