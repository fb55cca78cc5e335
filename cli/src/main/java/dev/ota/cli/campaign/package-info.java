/**
 * {@code ota campaign ...} and {@code ota watch}: campaigns from a YAML file with a targeting preview, approval, the
 * rollout controls, and a watch whose exit code gates a CI job on the campaign's outcome.
 */
@NullMarked
package dev.ota.cli.campaign;

import org.jspecify.annotations.NullMarked;
