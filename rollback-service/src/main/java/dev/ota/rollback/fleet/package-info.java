/**
 * What the rollback service knows about the fleet: which vehicle got what in which stage, which of them failed, what each
 * ECU ran before (from version manifests verified by campaign-service), which images exist, and on how many vehicles each image was
 * installed and healthy.
 */
@NullMarked
package dev.ota.rollback.fleet;

import org.jspecify.annotations.NullMarked;
