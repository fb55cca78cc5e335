/**
 * Sealing assignments: the services that decide what a vehicle installs sign each assignment, and the director signs
 * metadata only for assignments whose seal it can verify.
 */
@NullMarked
package dev.ota.platform.assignments;

import org.jspecify.annotations.NullMarked;
