package dev.ota.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page ({@code /error}), in place of Spring Boot's, which answers HTML to browsers and
 * a JSON map of its own to everyone else. Whatever reaches it (a status sent by a filter such as Spring Security's
 * firewall, an exception no handler took) is answered with a problem detail for that status and nothing else: the
 * exception stays in the log.
 */
@Hidden
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, /error is a path like any other, and there is nothing here
        response.setStatus(status instanceof Integer code ? code : HttpServletResponse.SC_NOT_FOUND);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ServletProblems.write(response, path instanceof String uri ? uri : request.getRequestURI());
    }
}
