package dev.ota.campaign.config;

import dev.ota.campaign.campaigns.CampaignNotFoundException;
import dev.ota.campaign.campaigns.FourEyesViolationException;
import dev.ota.campaign.campaigns.IllegalTransitionException;
import dev.ota.campaign.registry.UnknownVehicleException;
import dev.ota.campaign.rollout.ConflictingCampaignException;
import dev.ota.contracts.MalformedEventException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Domain refusals as RFC 9457 problem details with a stable {@code type} and a detail that says what to fix. Spring's
 * own problem details cover validation, unsupported media types and the like.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandlers {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemHandlers.class);

    private static final String BASE = "https://ota.dev/problems/";

    @ExceptionHandler(CampaignNotFoundException.class)
    ProblemDetail notFound(CampaignNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "campaign-not-found", "Campaign not found", e.getMessage());
    }

    @ExceptionHandler(UnknownVehicleException.class)
    ProblemDetail unknownVehicle(UnknownVehicleException e) {
        return problem(HttpStatus.NOT_FOUND, "vehicle-not-found", "Vehicle not found", e.getMessage());
    }

    @ExceptionHandler(FourEyesViolationException.class)
    ProblemDetail fourEyes(FourEyesViolationException e) {
        return problem(HttpStatus.FORBIDDEN, "four-eyes", "Approval needs a second person", e.getMessage());
    }

    @ExceptionHandler(dev.ota.campaign.registry.EcuKeyRegistrationForbidden.class)
    ProblemDetail keyRegistration(dev.ota.campaign.registry.EcuKeyRegistrationForbidden e) {
        return problem(HttpStatus.FORBIDDEN, "ecu-key-registration", "ECU keys come from provisioning", e.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail transition(IllegalTransitionException e) {
        ProblemDetail problem =
                problem(HttpStatus.CONFLICT, "illegal-transition", "Not allowed in this state", e.getMessage());
        problem.setProperty("state", e.state().name());
        problem.setProperty("action", e.action().name());
        return problem;
    }

    @ExceptionHandler(ConflictingCampaignException.class)
    ProblemDetail conflict(ConflictingCampaignException e) {
        return problem(HttpStatus.CONFLICT, "ecu-conflict", "Another campaign holds these ECUs", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail state(IllegalStateException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    /** Bean validation failures: every field that is wrong, and why. */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        java.util.List<String> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .toList();
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", String.join("; ", errors));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A body that does not bind: report the record's own validation message rather than a parser trace. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e;
        String detail = "the request body is not valid JSON for this endpoint";
        while (cause != null) {
            // records validate themselves: this service's with IllegalArgumentException, the shared contracts' (health
            // criteria) with MalformedEventException
            String message = cause.getMessage();
            if ((cause instanceof IllegalArgumentException || cause instanceof MalformedEventException)
                    && message != null) {
                detail = message;
                break;
            }
            cause = cause.getCause();
        }
        if (detail.startsWith("the request body")) {
            log.info("unreadable request body: {}", e.getMostSpecificCause().toString());
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
