/** The TUF 1.0 metadata model (root, targets with delegations, snapshot, timestamp) with Uptane custom target fields, and signed envelopes. */
@NullMarked
package dev.ota.uptane.metadata;

import org.jspecify.annotations.NullMarked;
