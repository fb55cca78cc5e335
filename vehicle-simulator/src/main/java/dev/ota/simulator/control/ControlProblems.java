package dev.ota.simulator.control;

import dev.ota.simulator.fleet.Fleet;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad input gets a 4xx problem detail (RFC 9457) that says what was wrong. */
@RestControllerAdvice(assignableTypes = FleetController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ControlProblems {

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request", cause.getMessage());
    }

    @ExceptionHandler(UnknownVehicleException.class)
    ProblemDetail unknown(UnknownVehicleException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown vehicle", e.getMessage());
    }

    @ExceptionHandler(Fleet.FleetFullException.class)
    ProblemDetail full(Fleet.FleetFullException e) {
        return problem(HttpStatus.CONFLICT, "Fleet full", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
