/** Storage of signed TUF metadata documents per repository and role, and the trust material imported from key ceremonies. */
@NullMarked
package dev.ota.signing.tuf;

import org.jspecify.annotations.NullMarked;
