package dev.ota.signing.upload;

import dev.ota.signing.imagerepo.ImageRecord;
import dev.ota.uptane.delta.DeltaPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The CI signing endpoint. The body is the raw image ({@code application/octet-stream}), streamed, never held in
 * memory; attributes travel as query parameters:
 *
 * <pre>
 * PUT /api/images/{name}/{version}?hardwareId=ecm-hw&amp;hardwareId=ecm-hw2&amp;releaseCounter=7
 *     &amp;sha256=...&amp;sha512=...&amp;custom.gitCommit=abc123
 * </pre>
 *
 * 201 with the signed target entry; 200 with the same entry when the same image is uploaded again; 409 for the same
 * name and version with other bytes; 413 over the size limit; 400 when a declared hash does not match.
 */
@RestController
class ImageUploadController {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final ImageUploads uploads;

    ImageUploadController(ImageUploads uploads) {
        this.uploads = uploads;
    }

    /** The answer: the target entry exactly as signed, and where it was signed. */
    record SignedTarget(
            String imageName,
            String version,
            String targetPath,
            String role,
            String status,
            Map<String, Object> target) {

        static SignedTarget of(ImageRecord image) {
            @SuppressWarnings("unchecked")
            var target = (Map<String, Object>) image.targetFile().toJsonValue();
            return new SignedTarget(
                    image.name(),
                    image.version(),
                    image.targetPath(),
                    image.stagingRole(),
                    image.status().name(),
                    target);
        }
    }

    @PutMapping(path = "/api/images/{name}/{version}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @PreAuthorize("hasRole('CI_PIPELINE')")
    ResponseEntity<SignedTarget> upload(
            @PathVariable String name,
            @PathVariable String version,
            @RequestParam("hardwareId") List<String> hardwareIds,
            @RequestParam long releaseCounter,
            @RequestParam(required = false) @Nullable String sha256,
            @RequestParam(required = false) @Nullable String sha512,
            @RequestParam Map<String, String> allParams,
            HttpServletRequest request,
            Authentication caller)
            throws IOException {
        if (!NAME.matcher(name).matches() || !NAME.matcher(version).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name and version must match " + NAME.pattern());
        }
        // the deltas role is delegated every path under deltas/: an image there would be signed by the deltas key alone
        if (ImageRecord.targetPathOf(name, version).startsWith(DeltaPaths.PREFIX)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "the image name 'deltas' is reserved for delta targets");
        }
        if (hardwareIds.isEmpty() || releaseCounter < 0) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "at least one hardwareId and a non-negative releaseCounter are required");
        }
        var custom = new LinkedHashMap<String, String>();
        allParams.forEach((k, v) -> {
            if (k.startsWith("custom.") && k.length() > 7) {
                custom.put(k.substring(7), v);
            }
        });
        var declared = new ImageUploads.Declared(
                name,
                version,
                List.copyOf(hardwareIds),
                releaseCounter,
                custom,
                sha256,
                sha512,
                request.getContentLengthLong(),
                caller.getName());
        var outcome = uploads.upload(declared, request.getInputStream());
        var body = SignedTarget.of(outcome.image());
        if (outcome.created()) {
            return ResponseEntity.created(URI.create("/api/images/" + name + "/" + version))
                    .body(body);
        }
        return ResponseEntity.ok(body);
    }
}
