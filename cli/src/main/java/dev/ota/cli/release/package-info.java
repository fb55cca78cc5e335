/** {@code ota release}: a release engineer's co-signature that makes a CI-signed image installable. */
@NullMarked
package dev.ota.cli.release;

import org.jspecify.annotations.NullMarked;
