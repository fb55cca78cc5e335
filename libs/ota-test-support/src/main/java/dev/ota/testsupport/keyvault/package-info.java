/**
 * A test double of Azure Key Vault's keys API, served over real HTTPS with real ECDSA, so the official Azure SDK can
 * be tested end to end without the cloud. It stands in for Lowkey Vault, whose application is not published on Maven
 * Central and whose container image needs a Docker engine.
 */
@NullMarked
package dev.ota.testsupport.keyvault;

import org.jspecify.annotations.NullMarked;
