/** The fleet CA's REST API ({@code /api/v1/fleet-ca}). */
@NullMarked
package dev.ota.signing.fleetca.web;

import org.jspecify.annotations.NullMarked;
