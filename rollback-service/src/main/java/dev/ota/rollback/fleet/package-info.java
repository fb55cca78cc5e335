/**
 * What the rollback service knows about the fleet: which vehicle got what in which stage, which of them failed, what each
 * ECU ran before (from signed version manifests), which images exist, and on how many vehicles each image was
 * installed and healthy.
 */
@NullMarked
package dev.ota.rollback.fleet;

import org.jspecify.annotations.NullMarked;
