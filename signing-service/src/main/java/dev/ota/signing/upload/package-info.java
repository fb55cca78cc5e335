/** The CI signing endpoint: streaming upload of ECU images, hashed on the fly, stored as blobs. */
@NullMarked
package dev.ota.signing.upload;

import org.jspecify.annotations.NullMarked;
