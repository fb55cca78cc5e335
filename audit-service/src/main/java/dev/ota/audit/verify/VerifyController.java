package dev.ota.audit.verify;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Runs a full verification on request. */
@RestController
class VerifyController {

    private final LogVerifier verifier;

    VerifyController(LogVerifier verifier) {
        this.verifier = verifier;
    }

    /** @param checkpoint a signed checkpoint the auditor kept from earlier, to check the log against as well */
    record VerifyRequest(@Nullable String checkpoint) {}

    @PostMapping("/api/audit/verify")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
    VerificationReport verify(@RequestBody(required = false) @Nullable VerifyRequest request) {
        return verifier.verify(request == null ? null : request.checkpoint());
    }
}
