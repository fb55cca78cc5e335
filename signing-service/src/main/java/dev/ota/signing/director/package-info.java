/** The director repository: per-vehicle targets, snapshot and timestamp signed for each assignment. */
@NullMarked
package dev.ota.signing.director;

import org.jspecify.annotations.NullMarked;
