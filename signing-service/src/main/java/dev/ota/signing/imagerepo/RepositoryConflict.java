package dev.ota.signing.imagerepo;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request that contradicts the repository's state (409 problem detail). */
public class RepositoryConflict extends ResponseStatusException {

    public RepositoryConflict(String reason) {
        super(HttpStatus.CONFLICT, reason);
    }
}
