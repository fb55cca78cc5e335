/** {@code ota image push}: CI's upload of an image, streamed with progress, idempotent. */
@NullMarked
package dev.ota.cli.image;

import org.jspecify.annotations.NullMarked;
