/** The image repository: staging roles (ci, suppliers), the co-signed release role, revocation, snapshot and timestamp refresh, and the public HTTP layout. */
@NullMarked
package dev.ota.signing.imagerepo;

import org.jspecify.annotations.NullMarked;
