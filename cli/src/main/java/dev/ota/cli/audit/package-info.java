/** {@code ota audit verify} and {@code ota audit export}: the auditor's checks of the Merkle log and evidence bundles. */
@NullMarked
package dev.ota.cli.audit;

import org.jspecify.annotations.NullMarked;
