/** Uptane vehicle version manifests and ECU version reports: build, sign, parse and verify. */
@NullMarked
package dev.ota.uptane.manifest;

import org.jspecify.annotations.NullMarked;
