package dev.ota.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details for errors that no controller answered: an unknown path that reached the servlet container,
 * a refused token, a request Tomcat could not even parse. The body names the status and says in one sentence what
 * went wrong; it never carries an exception message or a stack trace, which could reveal internals.
 *
 * <p>Errors raised inside Spring MVC (validation, an unreadable body, a wrong method) are answered by Spring's own
 * problem details ({@code spring.mvc.problemdetails.enabled}) and the services' handlers; this class covers what
 * happens outside them, in the same format.
 */
public final class ServletProblems {

    /** {@code application/problem+json}. */
    public static final String MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServletProblems() {}

    /**
     * The problem document for a status.
     *
     * @param instance the request path the problem occurred on, or {@code null} when it is not known or not valid
     */
    public static String json(int status, @Nullable String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail(status));
        if (instance != null && !instance.isBlank()) {
            problem.put("instance", instance);
        }
        return JSON.writeValueAsString(problem);
    }

    /**
     * Writes the problem document for the response's status, unless the response is already committed.
     *
     * @param instance the request path, see {@link #json}
     */
    public static void write(HttpServletResponse response, @Nullable String instance) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        int status = response.getStatus();
        response.resetBuffer();
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(status, instance));
        response.flushBuffer();
    }

    /** The status's reason phrase, as RFC 9457 asks of the title of {@code about:blank} problems. */
    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }

    /** One sentence a client can act on, the same for every request with that status. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "A valid bearer token issued for this service is required.";
            case 403 -> "The token does not grant access to this resource.";
            case 404 -> "There is no resource at this path.";
            case 405 -> "This method is not supported on this path.";
            case 406 -> "None of the accepted media types can be produced.";
            case 413 -> "The request is too large.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The content type is not supported here.";
            case 431 -> "The request headers are too large.";
            case 503 -> "The service is unavailable at the moment; try again later.";
            default ->
                status >= 500
                        ? "The server could not complete the request."
                        : "The request was refused: " + title(status) + ".";
        };
    }
}
