/** Exports of log selections (a vehicle, a campaign, a time range) as verifiable bundles, for auditors. */
@NullMarked
package dev.ota.audit.export;

import org.jspecify.annotations.NullMarked;
