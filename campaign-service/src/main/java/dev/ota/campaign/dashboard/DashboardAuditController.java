package dev.ota.campaign.dashboard;

import dev.ota.contracts.EventTypes;
import dev.ota.contracts.events.VehicleMessageRefused;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The vehicle page's audit entries and the refusals view: a narrow relay to audit-service (the browser cannot call it: the session's token
 * lives on this server, and audit-service has no CORS). The page itself checks the checkpoint's signature and every
 * inclusion proof; this service only passes the bytes on.
 */
@RestController
@RequestMapping("/dashboard/api/audit")
class DashboardAuditController {

    private static final String SERVICE = "audit-service";
    private static final String REFUSALS =
            EventTypes.typeOf(VehicleMessageRefused.class).name();

    /** Who audit-service lets read exports and the checkpoint key. */
    static final String AUDIT_READERS = "hasAnyRole('AUDITOR', 'ADMIN')";

    private final TokenRelay relay;
    private final String auditUrl;

    DashboardAuditController(TokenRelay relay, @Value("${ota.campaign.dashboard.audit-url}") String auditUrl) {
        this.relay = relay;
        this.auditUrl = auditUrl;
    }

    /** The vehicle's audit entries with inclusion proofs and the signed checkpoint (audit-service's JSON Lines bundle). */
    @GetMapping("/vehicles/{vin}/bundle")
    @PreAuthorize(AUDIT_READERS)
    ResponseEntity<byte[]> vehicleBundle(
            @PathVariable String vin, @RegisteredOAuth2AuthorizedClient("ota") OAuth2AuthorizedClient client) {
        URI uri = UriComponentsBuilder.fromUriString(auditUrl)
                .path("/api/audit/exports/vehicles/{vin}")
                .queryParam("format", "jsonl")
                .build(vin);
        return relay.get(SERVICE, uri, client.getAccessToken().getTokenValue());
    }

    /**
     * What the platform refused the vehicles in the last {@code hours} (1 to 168): audit-service's entries of type
     * {@code VehicleMessageRefused}, oldest first, at most 1,000.
     */
    @GetMapping("/refusals")
    @PreAuthorize(AUDIT_READERS)
    ResponseEntity<byte[]> refusals(
            @RequestParam(defaultValue = "24") int hours,
            @RegisteredOAuth2AuthorizedClient("ota") OAuth2AuthorizedClient client) {
        if (hours < 1 || hours > 168) {
            throw new IllegalArgumentException("hours must be between 1 and 168");
        }
        Instant to = Instant.now().plusSeconds(1);
        URI uri = UriComponentsBuilder.fromUriString(auditUrl)
                .path("/api/audit/events")
                .queryParam("from", to.minus(Duration.ofHours(hours)).toString())
                .queryParam("to", to.toString())
                .queryParam("type", REFUSALS)
                .queryParam("limit", 1000)
                .build()
                .toUri();
        return relay.get(SERVICE, uri, client.getAccessToken().getTokenValue());
    }

    /** The audit log's checkpoint verifier key (name, key hash, Ed25519 public key). */
    @GetMapping("/checkpoint-key")
    @PreAuthorize(AUDIT_READERS)
    ResponseEntity<byte[]> checkpointKey(@RegisteredOAuth2AuthorizedClient("ota") OAuth2AuthorizedClient client) {
        return relay.get(
                SERVICE,
                URI.create(auditUrl + "/api/audit/checkpoints/key"),
                client.getAccessToken().getTokenValue());
    }
}
