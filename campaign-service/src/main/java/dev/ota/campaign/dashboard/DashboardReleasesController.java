package dev.ota.campaign.dashboard;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The releases view: the image repository's images with their role (staged, released, revoked, re-released) and who
 * uploaded them, read from signing-service ({@code GET /api/images}) through a narrow relay with the person's token.
 */
@RestController
@RequestMapping("/dashboard/api/releases")
class DashboardReleasesController {

    private final TokenRelay relay;
    private final String signingUrl;

    DashboardReleasesController(TokenRelay relay, @Value("${ota.campaign.dashboard.signing-url}") String signingUrl) {
        this.relay = relay;
        this.signingUrl = signingUrl;
    }

    @GetMapping
    @PreAuthorize(DashboardController.READERS)
    ResponseEntity<byte[]> releases(@RegisteredOAuth2AuthorizedClient("ota") OAuth2AuthorizedClient client) {
        return relay.get(
                "signing-service",
                URI.create(signingUrl + "/api/images"),
                client.getAccessToken().getTokenValue());
    }
}
