/**
 * The local OAuth2 authorization server: demo people per role for the dashboard, and machine clients (CI pipeline,
 * demo scripts) with the client-credentials grant. Production points the services at the organisation's OIDC issuer.
 */
@NullMarked
package dev.ota.auth;

import org.jspecify.annotations.NullMarked;
