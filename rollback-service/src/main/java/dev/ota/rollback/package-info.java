/** Turns failing verdicts into pause and rollback decisions under each campaign's policy. */
@NullMarked
package dev.ota.rollback;

import org.jspecify.annotations.NullMarked;
