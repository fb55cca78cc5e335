/**
 * Rollback decisions: on a failing verdict, pause at once (RollbackDecided), then under the campaign's policy re-release
 * each affected vehicle's pre-validated last-known-good images with a higher release counter, refuse where no such
 * version exists, and follow every rollback to completion.
 */
@NullMarked
package dev.ota.rollback.decision;

import org.jspecify.annotations.NullMarked;
