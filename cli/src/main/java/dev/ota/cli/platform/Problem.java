package dev.ota.cli.platform;

import dev.ota.cli.OutputOption;
import tools.jackson.databind.JsonNode;

/** Turns a refusal (an RFC 9457 problem detail, or whatever else came back) into one line a person can act on. */
public final class Problem {

    private static final int LONGEST_BODY = 300;

    private Problem() {}

    public static String describe(Service service, int status, String body) {
        String reason = switch (status) {
            case 401 -> "not logged in, or the login expired: run ota login";
            case 403 -> "not allowed for this login's role";
            case 404 -> "not found";
            case 409 -> "conflict";
            default -> "HTTP " + status;
        };
        String detail = detail(body);
        return service.serviceName() + " answered " + status + " (" + reason + ")"
                + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** The problem's detail (or title), or the start of a body that is not a problem detail, on one line. */
    static String detail(String body) {
        String text = body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode problem = OutputOption.mapper().readTree(text);
                String detail = problem.path("detail").asString("");
                if (detail.isEmpty()) {
                    detail = problem.path("title").asString("");
                }
                if (detail.isEmpty()) {
                    detail = problem.path("error_description")
                            .asString(problem.path("error").asString(""));
                }
                if (!detail.isEmpty()) {
                    return oneLine(detail);
                }
            } catch (RuntimeException notJson) {
                // fall through: show the text itself
            }
        }
        if (text.startsWith("<")) {
            return ""; // an HTML error page says nothing the status does not
        }
        return oneLine(text);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > LONGEST_BODY ? line.substring(0, LONGEST_BODY) + "..." : line;
    }
}
